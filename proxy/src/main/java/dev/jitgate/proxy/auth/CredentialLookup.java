package dev.jitgate.proxy.auth;

import dev.jitgate.pg.scram.ScramVerifier;
import java.util.Optional;

/**
 * Finds the SCRAM verifier a client must prove knowledge of. Static users now; grant credentials from
 * the access control plane later.
 */
@FunctionalInterface
public interface CredentialLookup {
  /** The verifier for {@code user}, or empty when the user is unknown (the proxy then runs a mock exchange). */
  Optional<ScramVerifier> verifier(String user);
}
