package dev.jitgate.proxy.config;

import dev.jitgate.pg.scram.ScramVerifier;
import java.util.Objects;

/**
 * A client the proxy authenticates: a user name and a SCRAM-SHA-256 verifier (never a password). Stands
 * in for grant credentials until the access control plane exists.
 */
public record UserConfig(String name, ScramVerifier verifier) {
  public UserConfig {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(verifier, "verifier");
    if (name.isEmpty() || name.length() > 63) {
      throw new IllegalArgumentException("user name must have 1 to 63 characters");
    }
  }
}
