package dev.jitgate.proxy.provision;

import static dev.jitgate.proxy.provision.ProvisionWorld.exec;
import static dev.jitgate.proxy.provision.ProvisionWorld.string;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jitgate.access.model.Permission;
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
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RoleProvisionerIT {

  private final RolePasswords passwords = new RolePasswords(new SecureRandom());
  private final ExecutorService executor = Executors.newFixedThreadPool(10);
  private ProvisionWorld world;
  private RoleProvisioner provisioner;

  @BeforeAll
  void setUp(TestPostgres pg) throws SQLException {
    world = ProvisionWorld.create(pg, ProvisionWorld.Kind.EXPLICIT);
    world.ensureBaseline();
    provisioner = world.provisioner();
  }

  @AfterAll
  void tearDown() {
    executor.shutdownNow();
  }

  @Test
  void createsALoginRoleWithTheGrantsAttributes() throws SQLException {
    Instant end = Instant.now().plus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
    GrantRoleSpec spec = new GrantRoleSpec(UUID.randomUUID().toString(), "alice", Permission.READ, end, 7);
    ProvisionedRole role = provisioner.provision(spec, passwords.next());
    assertThat(role.role()).isEqualTo(spec.roleName());
    try (Connection su = world.superuser()) {
      assertThat(string(su, "SELECT rolcanlogin || ',' || rolconnlimit || ',' || rolsuper || ',' || rolcreaterole"
          + " || ',' || extract(epoch FROM rolvaliduntil)::bigint FROM pg_roles WHERE rolname = '" + role.role() + "'"))
          .isEqualTo("true,7,false,false," + end.getEpochSecond());
      assertThat(string(su, "SELECT string_agg(roleid::regrole::text, ',' ORDER BY 1) FROM pg_auth_members"
          + " WHERE member = '" + role.role() + "'::regrole"))
          .isEqualTo(world.names.marker() + "," + world.names.read());
      assertThat(string(su, "SELECT rolpassword LIKE 'SCRAM-SHA-256$4096:%' FROM pg_authid WHERE rolname = '"
          + role.role() + "'")).isEqualTo("t");
    }
    try (Connection c = world.login(role)) {
      assertThat(string(c, "SELECT current_user")).isEqualTo(role.role().value());
    }
  }

  @Test
  void theServerLogShowsQuotedNamesAndVerifiersButNeverThePassword() throws Exception {
    Secret password = passwords.next();
    GrantRoleSpec spec = new GrantRoleSpec(UUID.randomUUID().toString(), "o'Brien; DROP ROLE postgres; --",
        Permission.WRITE, Instant.now().plus(1, ChronoUnit.HOURS), 3);
    ProvisionedRole role = provisioner.provision(spec, password);
    try (Connection c = world.login(role)) {
      assertThat(string(c, "SELECT 'marker-" + role.role() + "'")).isNotNull();
    }
    String log = world.serverLog();
    assertThat(log).contains("'marker-" + role.role() + "'"); // log_statement=all reached the file
    assertThat(log).doesNotContain(password.value());
    assertThat(log).contains("CREATE ROLE \"" + role.role() + "\" NOLOGIN IN ROLE \"" + world.names.marker() + "\"");
    assertThat(log).contains("ALTER ROLE \"" + role.role() + "\" PASSWORD 'SCRAM-SHA-256$4096:");
    assertThat(role.role().value()).startsWith("jit_o_brien_drop_role_postgr_");
  }

  @Test
  void hostilePrincipalsGiveWorkingRoles() throws SQLException {
    List<String> principals = List.of("O'Reilly", "x\"; DROP ROLE postgres; --", "Ann Lee", "ZOË", "名前",
        "bad\uD800utf8", "\uFFFD\uFFFD", "e".repeat(300), "Robert'); DROP TABLE Students;--");
    List<String> names = new ArrayList<>();
    for (String principal : principals) {
      GrantRoleSpec spec = new GrantRoleSpec(UUID.randomUUID().toString(), principal, Permission.READ,
          Instant.now().plus(1, ChronoUnit.HOURS), 2);
      ProvisionedRole role = provisioner.provision(spec, passwords.next());
      try (Connection c = world.login(role)) {
        assertThat(string(c, "SELECT current_user")).as(principal).isEqualTo(role.role().value());
      }
      names.add(role.role().value());
    }
    assertThat(names).doesNotHaveDuplicates().allMatch(n -> n.matches("jit_[a-z0-9_]{1,59}"));
  }

  @Test
  void tenParallelProvisionsForOneGrantLeaveOneRoleAndTenLoginsSucceed() throws Exception {
    Secret password = passwords.next();
    GrantRoleSpec spec = new GrantRoleSpec(UUID.randomUUID().toString(), "gui", Permission.READ,
        Instant.now().plus(1, ChronoUnit.HOURS), 10);
    List<ProvisionedRole> roles = inParallel(10, () -> provisioner.provision(spec, password));
    assertThat(roles).extracting(ProvisionedRole::role).containsOnly(spec.roleName());
    assertThat(world.superuserString("SELECT count(*) FROM pg_roles WHERE rolname LIKE '%"
        + RoleName.grantPart(spec.grantId()) + "'")).isEqualTo("1");
    assertTenConcurrentLogins(roles);
  }

  /**
   * Advisory locks are per database: two proxies whose connectors use different administrative databases race on
   * the catalog, and the conflicts they hit (duplicate role, concurrent tuple update) are retried.
   */
  @Test
  void provisionsRacingFromTwoDatabasesAllSucceed() throws Exception {
    ConnectorSettings base = world.dataSource.settings();
    ConnectorDataSource otherDatabase = new ConnectorDataSource(new ConnectorSettings(base.host(), base.port(),
        "postgres", base.user(), base.password(), base.sslMode(), base.sslRootCert(), base.connectTimeout(),
        base.socketTimeout(), base.lockTimeout()));
    RoleProvisioner other = new RoleProvisioner(otherDatabase, world.names, new TransactionRetry(10,
        java.time.Duration.ofMillis(5)), new SecureRandom(), java.time.Clock.systemUTC());
    for (int round = 0; round < 3; round++) {
      Secret password = passwords.next();
      GrantRoleSpec spec = new GrantRoleSpec(UUID.randomUUID().toString(), "race" + round, Permission.WRITE,
          Instant.now().plus(1, ChronoUnit.HOURS), 10);
      java.util.concurrent.atomic.AtomicInteger turn = new java.util.concurrent.atomic.AtomicInteger();
      List<ProvisionedRole> roles = inParallel(10,
          () -> (turn.getAndIncrement() % 2 == 0 ? provisioner : other).provision(spec, password));
      assertThat(roles).extracting(ProvisionedRole::role).containsOnly(spec.roleName());
      assertTenConcurrentLogins(roles);
    }
  }

  @Test
  void tenParallelFirstConnectionsThroughTheCacheProvisionOnceAndAllLogIn() throws Exception {
    ProvisionedRoleCache cache = new ProvisionedRoleCache(provisioner, passwords);
    GrantRoleSpec spec = new GrantRoleSpec(UUID.randomUUID().toString(), "dbeaver", Permission.READ,
        Instant.now().plus(1, ChronoUnit.HOURS), 10);
    List<ProvisionedRole> roles = inParallel(10, () -> cache.get(spec));
    assertThat(roles.stream().map(r -> r.password().value()).distinct()).hasSize(1);
    assertTenConcurrentLogins(roles);
    String log = world.serverLog();
    assertThat(count(log, "CREATE ROLE \"" + spec.roleName() + "\"")).isEqualTo(1);
    assertThat(count(log, "ALTER ROLE \"" + spec.roleName() + "\" PASSWORD")).isEqualTo(1);

    // refresh (e.g. after a refused login) keeps the password: the open-ended sessions stay valid
    ProvisionedRole refreshed = cache.refresh(spec);
    assertThat(refreshed.password().value()).isEqualTo(roles.get(0).password().value());
    assertThat(count(world.serverLog(), "ALTER ROLE \"" + spec.roleName() + "\" PASSWORD")).isEqualTo(2);
    try (Connection c = world.login(refreshed)) {
      assertThat(string(c, "SELECT 1")).isEqualTo("1");
    }
  }

  @Test
  void reprovisioningUpdatesTheRoleAndMovesItToTheNewLevel() throws SQLException {
    String grant = UUID.randomUUID().toString();
    Secret password = passwords.next();
    Instant firstEnd = Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
    provisioner.provision(new GrantRoleSpec(grant, "carol", Permission.WRITE, firstEnd, 2), password);
    Instant laterEnd = firstEnd.plus(3, ChronoUnit.HOURS);
    ProvisionedRole role = provisioner.provision(new GrantRoleSpec(grant, "carol", Permission.READ, laterEnd, 4), password);
    try (Connection su = world.superuser()) {
      assertThat(string(su, "SELECT rolconnlimit || ',' || extract(epoch FROM rolvaliduntil)::bigint FROM pg_roles"
          + " WHERE rolname = '" + role.role() + "'")).isEqualTo("4," + laterEnd.getEpochSecond());
      assertThat(string(su, "SELECT string_agg(roleid::regrole::text, ',' ORDER BY 1) FROM pg_auth_members"
          + " WHERE member = '" + role.role() + "'::regrole"))
          .isEqualTo(world.names.marker() + "," + world.names.read());
    }
  }

  @Test
  void namedPermissionRolesAreGrantedAsIsAndMissingOnesAreAnError() throws SQLException {
    String named = "reporting_" + world.id;
    try (Connection c = world.dataSource.open()) {
      exec(c, "CREATE ROLE " + named + " NOLOGIN"); // created by the connector, so it holds ADMIN OPTION
    }
    ProvisionedRole role = provisioner.provision(new GrantRoleSpec(UUID.randomUUID().toString(), "dave",
        new Permission(named), Instant.now().plus(1, ChronoUnit.HOURS), 1), passwords.next());
    assertThat(world.superuserString("SELECT pg_has_role('" + role.role() + "', '" + named + "', 'MEMBER')"))
        .isEqualTo("t");

    GrantRoleSpec missing = new GrantRoleSpec(UUID.randomUUID().toString(), "dave", new Permission("nope_" + world.id),
        Instant.now().plus(1, ChronoUnit.HOURS), 1);
    assertThatThrownBy(() -> provisioner.provision(missing, passwords.next()))
        .isInstanceOf(ProvisioningException.class).hasMessageContaining("nope_" + world.id)
        .hasMessageContaining("does not exist");
    assertThat(world.superuserString("SELECT count(*) FROM pg_roles WHERE rolname = '" + missing.roleName() + "'"))
        .isEqualTo("0");
  }

  @Test
  void aNameTakenByARoleOutsideTheMarkerIsNeverTouched() throws SQLException {
    GrantRoleSpec spec = new GrantRoleSpec(UUID.randomUUID().toString(), "eve", Permission.READ,
        Instant.now().plus(1, ChronoUnit.HOURS), 1);
    try (Connection su = world.superuser()) {
      exec(su, "CREATE ROLE " + spec.roleName() + " NOLOGIN CONNECTION LIMIT 3");
    }
    assertThatThrownBy(() -> provisioner.provision(spec, passwords.next()))
        .isInstanceOf(ProvisioningException.class).hasMessageContaining("not a member of " + world.names.marker());
    assertThat(world.superuserString("SELECT rolcanlogin || ',' || rolconnlimit FROM pg_roles WHERE rolname = '"
        + spec.roleName() + "'")).isEqualTo("false,3");
  }

  @Test
  void anEndedGrantIsRejected() {
    GrantRoleSpec spec = new GrantRoleSpec(UUID.randomUUID().toString(), "frank", Permission.READ,
        Instant.now().minusSeconds(1), 1);
    assertThatThrownBy(() -> provisioner.provision(spec, passwords.next()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("validUntil");
  }

  private <T> List<T> inParallel(int n, Callable<T> task) throws Exception {
    CountDownLatch start = new CountDownLatch(1);
    List<Future<T>> futures = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      futures.add(executor.submit(() -> {
        start.await();
        return task.call();
      }));
    }
    start.countDown();
    List<T> results = new ArrayList<>();
    for (Future<T> future : futures) {
      results.add(future.get(60, TimeUnit.SECONDS));
    }
    return results;
  }

  private void assertTenConcurrentLogins(List<ProvisionedRole> roles) throws Exception {
    List<Connection> open = new ArrayList<>();
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Connection>> futures = new ArrayList<>();
    for (ProvisionedRole role : roles) {
      futures.add(executor.submit(() -> {
        start.await();
        return world.login(role);
      }));
    }
    start.countDown();
    try {
      for (Future<Connection> future : futures) {
        open.add(future.get(60, TimeUnit.SECONDS));
      }
      for (Connection c : open) {
        assertThat(string(c, "SELECT current_user")).isEqualTo(roles.get(0).role().value());
      }
      assertThat(open).hasSize(10);
    } finally {
      for (Connection c : open) {
        c.close();
      }
    }
  }

  private static int count(String text, String needle) {
    Matcher matcher = Pattern.compile(Pattern.quote(needle)).matcher(text);
    int n = 0;
    while (matcher.find()) {
      n++;
    }
    return n;
  }
}
