package dev.jitgate.proxy.provision;

import dev.jitgate.pg.scram.ScramVerifier;
import dev.jitgate.proxy.config.Secret;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;

/**
 * Test-only access to the steps of {@link RoleProvisioner}, for tests outside this package that simulate a proxy
 * killed part-way through provisioning: the first {@code steps} of the five are applied, each committed on its
 * own (the worst case; the provisioner itself runs them in one transaction).
 */
public final class ProvisioningSteps {

  /** The number of provisioning steps (create in marker, limits, password, permission, login). */
  public static final int ALL = 5;

  private ProvisioningSteps() {}

  /** Applies the first {@code steps} (0..5) provisioning steps of {@code spec}'s role as the connector. */
  public static RoleName apply(ConnectorDataSource dataSource, ManagedRoleNames names, GrantRoleSpec spec,
      Secret password, int steps) throws SQLException {
    if (steps < 0 || steps > ALL) {
      throw new IllegalArgumentException("steps must be between 0 and " + ALL);
    }
    RoleProvisioner provisioner = new RoleProvisioner(dataSource, names, TransactionRetry.DEFAULT, new SecureRandom(),
        Clock.systemUTC());
    RoleName role = spec.roleName();
    try (Connection c = dataSource.open()) {
      if (steps >= 1) {
        provisioner.createOrAdopt(c, role);
      }
      if (steps >= 2) {
        provisioner.setLimits(c, role, spec);
      }
      if (steps >= 3) {
        provisioner.setPassword(c, role, ScramVerifier.generate(password.value(), new SecureRandom()).format());
      }
      if (steps >= 4) {
        provisioner.grantPermission(c, role, names.roleFor(spec.permission()));
      }
      if (steps >= 5) {
        provisioner.enableLogin(c, role);
      }
    }
    return role;
  }
}
