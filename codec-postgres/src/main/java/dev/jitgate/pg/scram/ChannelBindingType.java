package dev.jitgate.pg.scram;

import java.util.Optional;

/**
 * Channel-binding types (RFC 5056 names) that SCRAM-SHA-256-PLUS may use. PostgreSQL supports only
 * {@code tls-server-end-point} (RFC 5929), computed by {@link TlsServerEndPoint}.
 */
public enum ChannelBindingType {
  /** RFC 5929 section 4: hash of the server's TLS certificate. */
  TLS_SERVER_END_POINT("tls-server-end-point");

  private final String typeName;

  ChannelBindingType(String typeName) {
    this.typeName = typeName;
  }

  /** The name as sent in the GS2 header ({@code p=<name>}). */
  public String typeName() {
    return typeName;
  }

  /** Looks a type up by its exact name. */
  public static Optional<ChannelBindingType> fromName(String name) {
    for (ChannelBindingType t : values()) {
      if (t.typeName.equals(name)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }
}
