package dev.jitgate.proxy.provision;

import static dev.jitgate.proxy.provision.ProvisionWorld.exec;
import static dev.jitgate.proxy.provision.ProvisionWorld.string;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.jitgate.access.model.Permission;
import dev.jitgate.proxy.config.Secret;
import dev.jitgate.proxy.testing.PostgresExtension;
import dev.jitgate.proxy.testing.TestPostgres;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RoleRevokerIT {

  private final RolePasswords passwords = new RolePasswords(new SecureRandom());
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private ProvisionWorld world;

  @BeforeAll
  void setUp(TestPostgres pg) throws SQLException {
    world = ProvisionWorld.create(pg, ProvisionWorld.Kind.EXPLICIT);
    world.asAppOwner("CREATE TABLE items (id serial PRIMARY KEY, v text)");
    world.ensureBaseline();
  }

  @AfterAll
  void tearDown() {
    executor.shutdownNow();
  }

  @Test
  void revokeStopsARunningSleepAndAnIdleSessionAndDropsTheRole() throws Exception {
    ProvisionedRole role = provision(Permission.READ);
    Connection idle = world.login(role);
    Connection busy = world.login(role);
    Future<?> sleep = executor.submit(() -> {
      exec(busy, "SELECT pg_sleep(600)");
      return null;
    });
    await().atMost(Duration.ofSeconds(10)).until(() -> "1".equals(world.superuserString(
        "SELECT count(*) FROM pg_stat_activity WHERE usename = '" + role.role() + "' AND state = 'active'"
            + " AND query LIKE '%pg_sleep(600)%'")));

    long started = System.nanoTime();
    RevocationOutcome outcome = world.revoker().revoke(role.role());
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    System.out.println("revoke with a running pg_sleep(600) and an idle session took " + millis + " ms");

    assertThat(outcome).isEqualTo(new RevocationOutcome.Dropped(role.role()));
    assertThat(millis).isLessThan(2_000);
    assertThatThrownBy(() -> sleep.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(SQLException.class);
    assertThat(world.superuserString("SELECT count(*) FROM pg_stat_activity WHERE usename = '" + role.role() + "'"))
        .isEqualTo("0");
    assertThat(world.superuserString("SELECT count(*) FROM pg_roles WHERE rolname = '" + role.role() + "'"))
        .isEqualTo("0");
    assertThat(idle.isValid(2)).isFalse();
    assertThatThrownBy(() -> world.login(role).close()).isInstanceOf(SQLException.class);
    idle.close();
    busy.close();
  }

  @Test
  void concurrentRevocationsOfOneRoleAllReportDropped() throws Exception {
    // Every proxy serving an integration revokes each ending grant: they must not trip over each other.
    ProvisionedRole role = provision(Permission.WRITE);
    Connection idle = world.login(role);
    List<Future<RevocationOutcome>> outcomes = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      outcomes.add(executor.submit(() -> world.revoker().revoke(role.role())));
    }
    for (Future<RevocationOutcome> outcome : outcomes) {
      assertThat(outcome.get(30, TimeUnit.SECONDS)).isEqualTo(new RevocationOutcome.Dropped(role.role()));
    }
    assertThat(world.superuserString("SELECT count(*) FROM pg_roles WHERE rolname = '" + role.role() + "'"))
        .isEqualTo("0");
    assertThat(idle.isValid(2)).isFalse();
    idle.close();
  }

  @Test
  void whatTheRoleOwnedGoesToTheOwnerRole() throws SQLException {
    ProvisionedRole role = provision(Permission.WRITE);
    try (Connection su = world.superuser()) {
      exec(su, "GRANT CREATE ON SCHEMA public TO " + role.role());
    }
    String table = "made_by_" + world.id;
    try (Connection c = world.login(role)) {
      exec(c, "CREATE TABLE " + table + " (id int)");
      exec(c, "INSERT INTO items (v) VALUES ('by " + role.role() + "')");
    }
    assertThat(world.superuserString("SELECT tableowner FROM pg_tables WHERE tablename = '" + table + "'"))
        .isEqualTo(role.role().value());

    assertThat(world.revoker().revoke(role.role())).isInstanceOf(RevocationOutcome.Dropped.class);

    assertThat(world.superuserString("SELECT tableowner FROM pg_tables WHERE tablename = '" + table + "'"))
        .isEqualTo(world.names.owner());
    assertThat(world.superuserString("SELECT count(*) FROM pg_roles WHERE rolname = '" + role.role() + "'"))
        .isEqualTo("0");
    assertThat(world.superuserString("SELECT count(*) FROM items WHERE v = 'by " + role.role() + "'")).isEqualTo("1");
  }

  /**
   * Privileges a superuser granted to the role directly cannot be revoked by the connector (DROP OWNED only
   * revokes what the revoking side may revoke), so DROP ROLE fails: the role stays disabled until they are gone.
   */
  @Test
  void aRoleThatCannotBeDroppedIsLeftDisabled() throws SQLException {
    ProvisionedRole role = provision(Permission.READ);
    String locked = "locked_" + world.id;
    try (Connection su = ProvisionWorld.superuser(world.pg, "postgres")) {
      exec(su, "CREATE DATABASE " + locked);
      exec(su, "REVOKE CONNECT ON DATABASE " + locked + " FROM PUBLIC");
      exec(su, "GRANT CONNECT ON DATABASE " + locked + " TO " + role.role());
    }
    try (Connection su = ProvisionWorld.superuser(world.pg, locked)) {
      exec(su, "GRANT CREATE ON SCHEMA public TO " + role.role());
    }
    try (Connection c = world.login(locked, role.role().value(), role.password())) {
      exec(c, "CREATE TABLE stuck (id int)");
    }

    RevocationOutcome outcome = world.revoker().revoke(role.role());

    assertThat(outcome).isInstanceOf(RevocationOutcome.Disabled.class);
    assertThat(((RevocationOutcome.Disabled) outcome).reason()).contains("2BP01").contains(locked);
    try (Connection su = world.superuser()) {
      assertThat(string(su, "SELECT rolcanlogin || ',' || (rolvaliduntil < now()) || ',' || (rolpassword IS NULL)"
          + " FROM pg_authid WHERE rolname = '" + role.role() + "'")).isEqualTo("false,true,true");
    }
    assertThatThrownBy(() -> world.login(role).close()).isInstanceOf(SQLException.class);
    try (Connection su = ProvisionWorld.superuser(world.pg, locked)) {
      // what it owned was reassigned even though the drop failed
      assertThat(string(su, "SELECT tableowner FROM pg_tables WHERE tablename = 'stuck'"))
          .isEqualTo(world.names.owner());
      // a DBA removes the foreign grants; the next attempt (the reconciler's) completes the drop
      exec(su, "REVOKE CREATE ON SCHEMA public FROM " + role.role());
      exec(su, "REVOKE CONNECT ON DATABASE " + locked + " FROM " + role.role());
    }
    assertThat(world.revoker().revoke(role.role())).isInstanceOf(RevocationOutcome.Dropped.class);
    assertThat(world.superuserString("SELECT count(*) FROM pg_roles WHERE rolname = '" + role.role() + "'"))
        .isEqualTo("0");
  }

  @Test
  void aRoleOutsideTheMarkerIsRefusedAndUntouched() throws SQLException {
    RoleName outsider = new RoleName("jit_outsider_" + world.id);
    Secret password = passwords.next();
    try (Connection su = world.superuser()) {
      exec(su, "CREATE ROLE " + outsider + " LOGIN PASSWORD " + ProvisionWorld.verifier(password));
    }
    assertThatThrownBy(() -> world.revoker().revoke(outsider)).isInstanceOf(ProvisioningException.class)
        .hasMessageContaining("not a member of " + world.names.marker());
    try (Connection c = world.login(outsider.value(), password)) {
      assertThat(string(c, "SELECT current_user")).isEqualTo(outsider.value());
    }
  }

  @Test
  void revokingAnAbsentRoleReportsItDropped() throws SQLException {
    RoleName absent = RoleName.forGrant(UUID.randomUUID().toString(), "ghost");
    assertThat(world.revoker().revoke(absent)).isEqualTo(new RevocationOutcome.Dropped(absent));
  }

  private ProvisionedRole provision(Permission permission) throws SQLException {
    return world.provisioner().provision(new GrantRoleSpec(UUID.randomUUID().toString(), "rita", permission,
        Instant.now().plus(1, ChronoUnit.HOURS), 5), passwords.next());
  }
}
