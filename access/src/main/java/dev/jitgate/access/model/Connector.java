package dev.jitgate.access.model;

import java.util.Objects;

/**
 * The database user jitgate administers roles with, and how it logs in.
 *
 * @param user the connector's database user name
 * @param auth iam or password
 * @param secret where the password is ({@code password} auth); null for {@code iam}
 */
public record Connector(String user, ConnectorAuthType auth, SecretRef secret) {
  public Connector {
    Names.identifier("connector.user", user);
    Objects.requireNonNull(auth, "connector.auth");
    if (auth == ConnectorAuthType.PASSWORD && secret == null) {
      throw new InvalidFieldException("connector.secret", "is required for password auth");
    }
    if (auth == ConnectorAuthType.IAM && secret != null) {
      throw new InvalidFieldException("connector.secret", "must be absent for iam auth");
    }
  }
}
