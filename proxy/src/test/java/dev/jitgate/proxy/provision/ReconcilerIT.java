package dev.jitgate.proxy.provision;

import static dev.jitgate.proxy.provision.ProvisionWorld.exec;
import static dev.jitgate.proxy.provision.ProvisionWorld.string;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jitgate.access.model.Permission;
import dev.jitgate.pg.scram.ScramVerifier;
import dev.jitgate.proxy.config.Secret;
import dev.jitgate.proxy.testing.PostgresExtension;
import dev.jitgate.proxy.testing.TestPostgres;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class ReconcilerIT {

  private final RolePasswords passwords = new RolePasswords(new SecureRandom());

  @Test
  void unwantedRolesAreRevokedWantedOnesKeptAndOutsidersNeverTouched(TestPostgres pg) throws SQLException {
    ProvisionWorld world = ProvisionWorld.create(pg, ProvisionWorld.Kind.EXPLICIT);
    world.ensureBaseline();
    ProvisionedRole wanted = provision(world);
    ProvisionedRole unwanted = provision(world);
    Secret lookalikePassword = passwords.next();
    String lookalike = "jit_lookalike";
    try (Connection su = ProvisionWorld.superuser(pg, "postgres")) {
      if ("0".equals(string(su, "SELECT count(*) FROM pg_roles WHERE rolname = 'jit_lookalike'"))) {
        exec(su, "CREATE ROLE jit_lookalike LOGIN");
      }
      exec(su, "ALTER ROLE jit_lookalike PASSWORD " + ProvisionWorld.verifier(lookalikePassword));
    }

    ReconcileReport report = world.reconciler().reconcile(Set.of(wanted.role()));

    assertThat(report.kept()).containsExactly(wanted.role());
    assertThat(report.revoked()).containsOnlyKeys(unwanted.role());
    assertThat(report.clean()).isTrue();
    try (Connection c = world.login(wanted)) {
      assertThat(string(c, "SELECT current_user")).isEqualTo(wanted.role().value());
    }
    assertThatThrownBy(() -> world.login(unwanted).close()).isInstanceOf(SQLException.class);
    try (Connection c = world.login(lookalike, lookalikePassword)) {
      assertThat(string(c, "SELECT current_user")).isEqualTo(lookalike);
    }
    // a second run has nothing left to do
    ReconcileReport again = world.reconciler().reconcile(Set.of(wanted.role()));
    assertThat(again.revoked()).isEmpty();
    assertThat(again.kept()).containsExactly(wanted.role());
  }

  /**
   * A proxy killed after k of the five provisioning steps (each simulated as committed on its own, the worst case;
   * the real provisioner runs them in one transaction): after the reconciler's run with no active grant, nothing
   * jitgate created can log in.
   */
  @Test
  void aProxyKilledBetweenAnyTwoStepsLeavesNothingThatCanLogIn(TestPostgres pg) throws SQLException {
    ProvisionWorld world = ProvisionWorld.create(pg, ProvisionWorld.Kind.EXPLICIT);
    world.ensureBaseline();
    RoleProvisioner provisioner = world.provisioner();
    List<RoleName> roles = new ArrayList<>();
    List<Secret> secrets = new ArrayList<>();
    Connection liveSession = null;
    try (Connection c = world.dataSource.open()) {
      for (int steps = 1; steps <= 5; steps++) {
        GrantRoleSpec spec = new GrantRoleSpec(UUID.randomUUID().toString(), "killed" + steps, Permission.WRITE,
            Instant.now().plus(1, ChronoUnit.HOURS), 3);
        Secret password = passwords.next();
        RoleName role = spec.roleName();
        provisioner.createOrAdopt(c, role);
        if (steps >= 2) {
          provisioner.setLimits(c, role, spec);
        }
        if (steps >= 3) {
          provisioner.setPassword(c, role, ScramVerifier.generate(password.value(), new SecureRandom()).format());
        }
        if (steps >= 4) {
          provisioner.grantPermission(c, role, world.names.write());
        }
        if (steps >= 5) {
          provisioner.enableLogin(c, role);
        }
        roles.add(role);
        secrets.add(password);
      }
    }
    // before the reconciler: only the fully provisioned role can log in (LOGIN is the last step)
    for (int i = 0; i < 4; i++) {
      int index = i;
      assertThatThrownBy(() -> world.login(roles.get(index).value(), secrets.get(index)).close())
          .isInstanceOf(SQLException.class);
    }
    try {
      liveSession = world.login(roles.get(4).value(), secrets.get(4));

      ReconcileReport report = world.reconciler().reconcile(Set.of());

      assertThat(report.revoked().keySet()).containsExactlyInAnyOrderElementsOf(roles);
      assertThat(report.clean()).isTrue();
      assertThat(liveSession.isValid(2)).isFalse();
    } finally {
      if (liveSession != null) {
        liveSession.close();
      }
    }
    for (int i = 0; i < 5; i++) {
      int index = i;
      assertThatThrownBy(() -> world.login(roles.get(index).value(), secrets.get(index)).close())
          .isInstanceOf(SQLException.class);
    }
    try (Connection su = world.superuser()) {
      assertThat(string(su, "SELECT count(*) FROM pg_roles r WHERE r.rolcanlogin AND NOT r.rolsuper AND pg_has_role(r.oid, '"
          + world.names.marker() + "', 'MEMBER') AND r.rolname <> '" + world.connector + "'")).isEqualTo("0");
      assertThat(string(su, "SELECT count(*) FROM pg_roles WHERE rolname IN ('" + String.join("','",
          roles.stream().map(RoleName::value).toList()) + "')")).isEqualTo("0");
    }
  }

  private ProvisionedRole provision(ProvisionWorld world) throws SQLException {
    return world.provisioner().provision(new GrantRoleSpec(UUID.randomUUID().toString(), "rec", Permission.READ,
        Instant.now().plus(1, ChronoUnit.HOURS), 2), passwords.next());
  }
}
