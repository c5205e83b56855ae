package dev.jitgate.proxy.provision;

import static dev.jitgate.proxy.provision.ProvisionWorld.exec;
import static dev.jitgate.proxy.provision.ProvisionWorld.string;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jitgate.access.model.Permission;
import dev.jitgate.proxy.testing.PostgresExtension;
import dev.jitgate.proxy.testing.TestPostgres;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class ProvisionBaselineIT {

  private final RolePasswords passwords = new RolePasswords(new SecureRandom());

  @Test
  void refusesAReservedNameHeldByARoleThatCanLogIn(TestPostgres pg) throws SQLException {
    Baseline baseline = new Baseline(ManagedRoleNames.DEFAULT, TransactionRetry.DEFAULT);
    ProvisionWorld harness = ProvisionWorld.create(pg, ProvisionWorld.Kind.HARNESS);
    try (Connection su = ProvisionWorld.superuser(pg, "postgres"); Statement s = su.createStatement()) {
      s.execute("CREATE ROLE jitgate_read LOGIN");
    }
    try {
      try (Connection c = harness.dataSource.open()) {
        assertThatThrownBy(() -> baseline.ensure(c)).isInstanceOf(ProvisioningException.class)
            .hasMessageContaining("jitgate_read").hasMessageContaining("can log in");
      }
      // one transaction: nothing was left behind, and the squatting role is untouched
      try (Connection su = ProvisionWorld.superuser(pg, "postgres")) {
        assertThat(string(su, "SELECT count(*) FROM pg_roles WHERE rolname IN ('jitgate_managed', 'jitgate_owner')"))
            .isEqualTo("0");
        assertThat(string(su, "SELECT rolcanlogin FROM pg_roles WHERE rolname = 'jitgate_read'")).isEqualTo("t");
      }
    } finally {
      try (Connection su = ProvisionWorld.superuser(pg, "postgres"); Statement s = su.createStatement()) {
        s.execute("DROP ROLE jitgate_read");
      }
    }
  }

  @Test
  void harnessConnectorWorksWithAnotherPrefix(TestPostgres pg) throws SQLException {
    ProvisionWorld world = ProvisionWorld.create(pg, ProvisionWorld.Kind.HARNESS);
    BaselineReport report = world.ensureBaseline();
    assertThat(report.mode()).isEqualTo(PrivilegeMode.EXPLICIT_GRANTS);
    assertThat(report.database()).isEqualTo(TestPostgres.APP_DATABASE);
    assertThat(report.uncoveredOwners()).contains("app_user"); // the connector cannot grant on app_user's tables
    assertThat(report.databaseGrantable()).isFalse();
    try (Connection su = world.superuser()) {
      assertThat(string(su, "SELECT string_agg(rolname || ':' || rolcanlogin, ',' ORDER BY rolname) FROM pg_roles"
          + " WHERE rolname LIKE 'jg" + world.id + "%'")).isEqualTo(
          "jg%1$s_admin:false,jg%1$s_managed:false,jg%1$s_owner:false,jg%1$s_read:false,jg%1$s_write:false"
              .formatted(world.id));
    }
  }

  @Test
  void explicitGrantsCoverTablesOfActedForOwnersBeforeAndAfterProvisioning(TestPostgres pg) throws SQLException {
    ProvisionWorld world = ProvisionWorld.create(pg, ProvisionWorld.Kind.EXPLICIT);
    world.asAppOwner("CREATE TABLE before_t (id serial PRIMARY KEY, v text)");
    world.asAppOwner("INSERT INTO before_t (v) VALUES ('x')");
    String stranger = "stranger_" + world.id;
    try (Connection su = world.superuser()) {
      exec(su, "CREATE ROLE " + stranger + " NOLOGIN");
      exec(su, "CREATE TABLE stranger_t (id int)");
      exec(su, "ALTER TABLE stranger_t OWNER TO " + stranger);
    }

    BaselineReport report = world.ensureBaseline();
    assertThat(report.mode()).isEqualTo(PrivilegeMode.EXPLICIT_GRANTS);
    assertThat(report.actedFor()).containsExactly(world.appOwner);
    assertThat(report.uncoveredOwners()).contains(stranger);
    assertThat(report.databaseGrantable()).isTrue();

    ProvisionedRole read = provision(world, Permission.READ);
    ProvisionedRole write = provision(world, Permission.WRITE);
    world.asAppOwner("CREATE TABLE after_t (id serial PRIMARY KEY, v text)");
    world.asAppOwner("CREATE SCHEMA later_s");
    world.asAppOwner("CREATE TABLE later_s.t (id serial PRIMARY KEY, v text)");

    for (String table : List.of("before_t", "after_t", "later_s.t")) {
      assertReadOnly(world, read, table);
      assertWritable(world, write, table);
    }
    try (Connection c = world.login(read)) {
      assertThatThrownBy(() -> string(c, "SELECT count(*) FROM stranger_t")).hasMessageContaining("permission denied");
    }
  }

  @Test
  void predefinedRolesWhenTheConnectorHoldsAdminOptionOnThem(TestPostgres pg) throws SQLException {
    ProvisionWorld world = ProvisionWorld.create(pg, ProvisionWorld.Kind.PREDEFINED);
    String before = "pre_" + world.id;
    String after = "post_" + world.id;
    world.asAppOwner("CREATE TABLE " + before + " (id serial PRIMARY KEY, v text)");

    BaselineReport report = world.ensureBaseline();
    assertThat(report.mode()).isEqualTo(PrivilegeMode.PREDEFINED_ROLES);
    try (Connection su = world.superuser()) {
      assertThat(string(su, "SELECT pg_has_role('" + world.names.read() + "', 'pg_read_all_data', 'MEMBER')"))
          .isEqualTo("t");
      assertThat(string(su, "SELECT pg_has_role('" + world.names.read() + "', 'pg_write_all_data', 'MEMBER')"))
          .isEqualTo("f");
      assertThat(string(su, "SELECT pg_has_role('" + world.names.write() + "', 'pg_write_all_data', 'MEMBER')"))
          .isEqualTo("t");
    }

    ProvisionedRole read = provision(world, Permission.READ);
    ProvisionedRole write = provision(world, Permission.WRITE);
    world.asAppOwner("CREATE TABLE " + after + " (id serial PRIMARY KEY, v text)");
    for (String table : List.of(before, after)) {
      assertReadOnly(world, read, table);
      assertWritable(world, write, table);
    }
  }

  @Test
  void ensureIsIdempotentAndSafeConcurrently(TestPostgres pg) throws Exception {
    ProvisionWorld world = ProvisionWorld.create(pg, ProvisionWorld.Kind.EXPLICIT);
    world.asAppOwner("CREATE TABLE t (id int)");
    ExecutorService executor = Executors.newFixedThreadPool(6);
    try {
      List<Future<BaselineReport>> results = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        results.add(executor.submit(world::ensureBaseline));
      }
      for (Future<BaselineReport> result : results) {
        assertThat(result.get().mode()).isEqualTo(PrivilegeMode.EXPLICIT_GRANTS);
      }
    } finally {
      executor.shutdownNow();
    }
    BaselineReport again = world.ensureBaseline();
    assertThat(again.actedFor()).containsExactly(world.appOwner);
    try (Connection su = world.superuser()) {
      assertThat(string(su, "SELECT count(*) FROM pg_roles WHERE rolname LIKE 'jg" + world.id + "\\_%'"))
          .isEqualTo("5");
      assertThat(string(su, "SELECT count(*) FROM pg_auth_members WHERE roleid = '" + world.names.read()
          + "'::regrole AND member = '" + world.names.write() + "'::regrole")).isEqualTo("1");
      assertThat(string(su, "SELECT has_table_privilege('" + world.names.read() + "', 't', 'SELECT')"))
          .isEqualTo("t");
    }
  }

  @Test
  void aLoginRoleWithAReservedNameIsNeverAdopted(TestPostgres pg) throws SQLException {
    ProvisionWorld world = ProvisionWorld.create(pg, ProvisionWorld.Kind.EXPLICIT);
    try (Connection su = ProvisionWorld.superuser(pg, "postgres")) {
      exec(su, "CREATE ROLE " + world.names.read() + " LOGIN");
    }
    assertThatThrownBy(world::ensureBaseline).isInstanceOf(ProvisioningException.class)
        .hasMessageContaining(world.names.read()).hasMessageContaining("can log in");
    assertThat(world.superuserString("SELECT rolcanlogin FROM pg_roles WHERE rolname = '" + world.names.read() + "'"))
        .isEqualTo("t");
  }

  @Test
  void aNologinRoleTheConnectorDoesNotAdministerIsRefused(TestPostgres pg) throws SQLException {
    ProvisionWorld world = ProvisionWorld.create(pg, ProvisionWorld.Kind.EXPLICIT);
    try (Connection su = ProvisionWorld.superuser(pg, "postgres")) {
      exec(su, "CREATE ROLE " + world.names.marker() + " NOLOGIN");
    }
    assertThatThrownBy(world::ensureBaseline).isInstanceOf(ProvisioningException.class)
        .hasMessageContaining(world.names.marker()).hasMessageContaining("ADMIN OPTION");
  }

  private ProvisionedRole provision(ProvisionWorld world, Permission permission) throws SQLException {
    GrantRoleSpec spec = new GrantRoleSpec(UUID.randomUUID().toString(), "tester", permission,
        Instant.now().plus(1, ChronoUnit.HOURS), 5);
    return world.provisioner().provision(spec, passwords.next());
  }

  private static void assertReadOnly(ProvisionWorld world, ProvisionedRole role, String table) throws SQLException {
    try (Connection c = world.login(role)) {
      assertThat(string(c, "SELECT count(*) FROM " + table)).as("select from %s", table).isNotNull();
      assertThatThrownBy(() -> exec(c, "INSERT INTO " + table + " (v) VALUES ('r')")).as("insert into %s", table)
          .isInstanceOf(SQLException.class).hasMessageContaining("permission denied");
      assertThatThrownBy(() -> exec(c, "DELETE FROM " + table)).as("delete from %s", table)
          .hasMessageContaining("permission denied");
      assertThatThrownBy(() -> exec(c, "CREATE TABLE sneaky_" + UUID.randomUUID().toString().substring(0, 8) + " (i int)"))
          .hasMessageContaining("permission denied");
    }
  }

  private static void assertWritable(ProvisionWorld world, ProvisionedRole role, String table) throws SQLException {
    try (Connection c = world.login(role)) {
      exec(c, "INSERT INTO " + table + " (v) VALUES ('w')");
      exec(c, "UPDATE " + table + " SET v = 'w2' WHERE v = 'w'");
      assertThat(string(c, "SELECT count(*) FROM " + table + " WHERE v = 'w2'")).isNotEqualTo("0");
      exec(c, "DELETE FROM " + table + " WHERE v = 'w2'");
    }
  }
}
