package dev.jitgate.proxy.provision;

import dev.jitgate.proxy.config.Secret;
import java.util.Objects;

/**
 * A grant's upstream role and the password the proxy logs in with; {@link #toString()} hides the password.
 *
 * @param role     the role name
 * @param password its password (the server only holds a SCRAM verifier of it)
 */
public record ProvisionedRole(RoleName role, Secret password) {

  public ProvisionedRole {
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(password, "password");
  }

  @Override
  public String toString() {
    return "ProvisionedRole[role=" + role + ", password=<redacted>]";
  }
}
