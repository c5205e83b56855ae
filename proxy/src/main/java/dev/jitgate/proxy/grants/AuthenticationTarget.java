package dev.jitgate.proxy.grants;

import dev.jitgate.pg.scram.ScramVerifier;
import java.util.Objects;

/**
 * The credential a login's SCRAM exchange runs against, from {@link GrantAdmission#verifierFor}. After a
 * successful exchange, pass {@link #grantId()} to {@link GrantAdmission#admit}. The verifier's
 * {@code toString()} hides its keys.
 *
 * @param grantId the grant whose credential it is
 * @param verifier that credential's SCRAM-SHA-256 verifier
 */
public record AuthenticationTarget(String grantId, ScramVerifier verifier) {
  public AuthenticationTarget {
    Objects.requireNonNull(grantId, "grantId");
    Objects.requireNonNull(verifier, "verifier");
  }
}
