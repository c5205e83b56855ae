package dev.jitgate.pg.scram;

import java.util.Optional;

/** The SASL mechanisms of the SCRAM-SHA-256 family that PostgreSQL offers. */
public enum ScramMechanism {
  /** SCRAM-SHA-256 without channel binding. */
  SCRAM_SHA_256("SCRAM-SHA-256", false),
  /** SCRAM-SHA-256 with {@code tls-server-end-point} channel binding. */
  SCRAM_SHA_256_PLUS("SCRAM-SHA-256-PLUS", true);

  private final String mechanismName;
  private final boolean channelBinding;

  ScramMechanism(String mechanismName, boolean channelBinding) {
    this.mechanismName = mechanismName;
    this.channelBinding = channelBinding;
  }

  /** The name as sent in AuthenticationSASL and SASLInitialResponse. */
  public String mechanismName() {
    return mechanismName;
  }

  /** Whether this mechanism binds the exchange to the TLS channel. */
  public boolean channelBinding() {
    return channelBinding;
  }

  /** Looks a mechanism up by its exact (case-sensitive) SASL name. */
  public static Optional<ScramMechanism> fromName(String name) {
    for (ScramMechanism m : values()) {
      if (m.mechanismName.equals(name)) {
        return Optional.of(m);
      }
    }
    return Optional.empty();
  }
}
