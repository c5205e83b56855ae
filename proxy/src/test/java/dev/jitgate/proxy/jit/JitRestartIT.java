package dev.jitgate.proxy.jit;

import static dev.jitgate.proxy.jit.JitWorld.engineer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jitgate.access.model.Grant;
import dev.jitgate.access.model.Permission;
import dev.jitgate.access.service.IssuedCredential;
import dev.jitgate.pg.scram.ScramVerifier;
import dev.jitgate.proxy.config.Secret;
import dev.jitgate.proxy.provision.ConnectorDataSource;
import dev.jitgate.proxy.provision.GrantRoleSpec;
import dev.jitgate.proxy.provision.ProvisioningSteps;
import dev.jitgate.proxy.provision.RolePasswords;
import dev.jitgate.proxy.testing.PostgresExtension;
import dev.jitgate.proxy.testing.TestPostgres;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A proxy killed between provisioning steps, then restarted on the same control plane: after the restart's
 * reconciliation nothing that jitgate created can log in without an active grant, roles of active grants are kept
 * (and completed on the next login), and roles outside jitgate's marker are left alone.
 */
@ExtendWith(PostgresExtension.class)
class JitRestartIT {

  private static JitWorld world;

  @BeforeAll
  static void start(TestPostgres pg) throws Exception {
    world = JitWorld.start(pg);
  }

  @AfterAll
  static void stop() throws Exception {
    if (world != null) {
      world.close();
    }
  }

  @Test
  void afterAKillBetweenProvisioningStepsAndARestartOnlyActiveGrantsRolesCanLogIn() throws Exception {
    RolePasswords passwords = new RolePasswords(new SecureRandom());
    ConnectorDataSource connector = world.connectorDataSource();

    // Before the kill: one grant whose role the proxy provisioned completely through a login (it stays active),
    // one more that is revoked while no proxy runs.
    IssuedCredential survivor = world.credential(engineer("survivor"), world.database, Permission.READ,
        Duration.ofHours(1));
    IssuedCredential revokedWhileDown = world.credential(engineer("revoked-while-down"), world.database,
        Permission.WRITE, Duration.ofHours(1));
    for (IssuedCredential credential : List.of(survivor, revokedWhileDown)) {
      try (Connection c = world.connect(credential)) {
        assertThat(JitWorld.query(c, "SELECT current_user")).isEqualTo(JitWorld.roleOf(credential.grant()));
      }
    }
    // The proxy "dies" after 1..5 of the five provisioning steps of five more grants (each step committed on its
    // own, the worst case), and in the middle of one whose grant stays active.
    List<Grant> halfDone = new ArrayList<>();
    for (int steps = 1; steps <= ProvisioningSteps.ALL; steps++) {
      Grant grant = world.grant(engineer("half-" + steps), world.database, Permission.WRITE, Duration.ofHours(1));
      ProvisioningSteps.apply(connector, world.names, GrantRoleSpec.of(grant, 10), passwords.next(), steps);
      halfDone.add(grant);
    }
    IssuedCredential activeHalfDone = world.credential(engineer("active-half"), world.database, Permission.READ,
        Duration.ofHours(1));
    ProvisioningSteps.apply(connector, world.names, GrantRoleSpec.of(activeHalfDone.grant(), 10), passwords.next(),
        3);
    String outsider = "jit_outsider_" + world.id;
    Secret outsiderPassword = passwords.next();
    try (Connection su = world.superuser("postgres")) {
      JitWorld.exec(su, "CREATE ROLE " + outsider + " LOGIN PASSWORD '"
          + ScramVerifier.generate(outsiderPassword.value(), new SecureRandom()).format() + "'");
    }
    assertThat(world.canLogIn(JitWorld.roleOf(halfDone.get(4)))).as("all five steps: LOGIN").isTrue();

    // While no proxy runs, the control plane ends those grants.
    world.stopProxy();
    world.revoke(revokedWhileDown.grant());
    halfDone.forEach(world::revoke);

    world.restartProxy();
    assertThat(world.proxy().reconcileNow()).as("integrations reconciled cleanly").isEqualTo(1);

    List<String> ended = new ArrayList<>(halfDone.stream().map(JitWorld::roleOf).toList());
    ended.add(JitWorld.roleOf(revokedWhileDown.grant()));
    for (String role : ended) {
      assertThat(world.roleExists(role)).as(role).isFalse();
    }
    assertThat(managedRolesThatCanLogIn()).as("only roles of active grants can log in")
        .isSubsetOf(JitWorld.roleOf(survivor.grant()), JitWorld.roleOf(activeHalfDone.grant()));
    assertThat(world.roleExists(JitWorld.roleOf(activeHalfDone.grant()))).as("kept: its grant is active").isTrue();
    assertThat(world.canLogIn(outsider)).as("roles outside the marker are never touched").isTrue();
    try (Connection c = world.login(world.database, outsider, outsiderPassword.value())) {
      assertThat(JitWorld.query(c, "SELECT current_user")).isEqualTo(outsider);
    }

    // The restarted proxy completes the half-provisioned role of the active grant and re-keys the survivor's.
    for (IssuedCredential credential : List.of(activeHalfDone, survivor)) {
      try (Connection c = world.connect(credential)) {
        assertThat(JitWorld.query(c, "SELECT current_user")).isEqualTo(JitWorld.roleOf(credential.grant()));
      }
    }
  }

  /** Members of this world's marker, other than the connector, that can log in now. */
  private static List<String> managedRolesThatCanLogIn() throws SQLException {
    List<String> roles = new ArrayList<>();
    try (Connection su = world.superuser("postgres");
        Statement s = su.createStatement();
        ResultSet rs = s.executeQuery("SELECT r.rolname FROM pg_roles r JOIN pg_auth_members m ON m.member = r.oid"
            + " JOIN pg_roles marker ON marker.oid = m.roleid AND marker.rolname = '" + world.names.marker() + "'"
            + " WHERE r.rolcanlogin AND (r.rolvaliduntil IS NULL OR r.rolvaliduntil > now())"
            + " AND r.rolname <> '" + world.pg.admin().user() + "'")) {
      while (rs.next()) {
        roles.add(rs.getString(1));
      }
    }
    return roles;
  }
}
