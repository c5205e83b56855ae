package dev.jitgate.proxy.jit;

import dev.jitgate.access.ids.UuidV7Generator;
import dev.jitgate.access.model.AccessFlow;
import dev.jitgate.access.model.AccessRequest;
import dev.jitgate.access.model.ApprovalRule;
import dev.jitgate.access.model.Connector;
import dev.jitgate.access.model.ConnectorAuthType;
import dev.jitgate.access.model.DatabaseLocation;
import dev.jitgate.access.model.Grant;
import dev.jitgate.access.model.Integration;
import dev.jitgate.access.model.Permission;
import dev.jitgate.access.model.PrincipalRef;
import dev.jitgate.access.model.ResourceSelector;
import dev.jitgate.access.model.Role;
import dev.jitgate.access.model.SecretRef;
import dev.jitgate.access.model.SslMode;
import dev.jitgate.access.secret.DefaultSecretResolver;
import dev.jitgate.access.service.Actor;
import dev.jitgate.access.service.DefaultAccessService;
import dev.jitgate.access.service.IntegrationTestReport;
import dev.jitgate.access.service.IssuedCredential;
import dev.jitgate.access.service.NewAccessRequest;
import dev.jitgate.access.store.AccessStore;
import dev.jitgate.access.store.sqlite.SqliteAccessStore;
import dev.jitgate.pg.scram.ScramVerifier;
import dev.jitgate.proxy.JitProxy;
import dev.jitgate.proxy.JitSettings;
import dev.jitgate.proxy.config.ProxyConfig;
import dev.jitgate.proxy.config.Secret;
import dev.jitgate.proxy.grants.GrantDirectoryConfig;
import dev.jitgate.proxy.provision.ConnectorDataSource;
import dev.jitgate.proxy.provision.ConnectorSettings;
import dev.jitgate.proxy.provision.ManagedRoleNames;
import dev.jitgate.proxy.provision.RoleName;
import dev.jitgate.proxy.provision.RolePasswords;
import dev.jitgate.proxy.server.ProxyServer;
import dev.jitgate.proxy.testing.TestPostgres;
import dev.jitgate.proxy.testing.TestProxy;
import dev.jitgate.proxy.tls.DevCertificateAuthority;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The whole just-in-time path on the shared {@link TestPostgres}, for one test class: a SQLite control plane
 * under {@code target/} with the {@link DefaultAccessService} on it (swept every second, as the app does), and a
 * {@link JitProxy} in front of the server.
 *
 * <p>On the server: a database {@link #database} owned by an application role {@link #owner} that holds a table
 * {@code items}, and {@code appdb} of the harness. The integration {@link #integration} serves both, with the
 * harness's connector {@code jitgate_connector} (LOGIN CREATEROLE, not superuser; password through an
 * {@code env:} secret reference) over verify-full TLS. Like an RDS master user that created the application
 * role, the connector is made a member of {@link #owner} (by the superuser, in set-up): that is what lets
 * jitgate's fallback privilege mode (explicit grants) cover the owner's tables. {@code appdb}'s owner
 * {@code app_user} is deliberately left uncovered, since other test classes check exactly that.
 *
 * <p>jitgate's NOLOGIN roles carry a prefix of their own ({@link #names}), so the reconciler of this world never
 * sees the roles of other tests. A flow {@code eng} approves every request of group {@code eng} automatically
 * (read, write, admin, up to 4 hours); {@link #APPROVER} may revoke.
 */
final class JitWorld implements AutoCloseable {
  static final Actor ROOT = new Actor("root", Set.of(Role.ADMIN), Set.of());
  static final Actor APPROVER = new Actor("olga", Set.of(Role.APPROVER), Set.of());
  static final String TABLE = "items";
  private static final String SECRET_NAME = "JITGATE_TEST_CONNECTOR_PASSWORD";

  final TestPostgres pg;
  final String id;
  final String integration;
  final String database;
  final String owner;
  final Secret ownerPassword;
  final ManagedRoleNames names;
  final AccessStore store;
  final DefaultAccessService service;
  final Path proxyCaCert;
  private final Path proxyCaDirectory;
  private final ScheduledExecutorService sweeper;
  private JitProxy proxy;
  private SimpleMeterRegistry registry;

  private JitWorld(TestPostgres pg, String id, Secret ownerPassword) throws IOException {
    this.pg = pg;
    this.id = id;
    this.integration = "jw-" + id;
    this.database = "jw_" + id;
    this.owner = "jwo_" + id;
    this.ownerPassword = ownerPassword;
    this.names = ManagedRoleNames.withPrefix("jw" + id);
    Path base = Path.of("target", "jit-tests", id).toAbsolutePath();
    this.proxyCaDirectory = Files.createDirectories(base.resolve("proxy-ca"));
    this.proxyCaCert = proxyCaDirectory.resolve(DevCertificateAuthority.CA_CERT_FILE);
    this.store = SqliteAccessStore.open(base.resolve("access.db"));
    SecureRandom random = new SecureRandom();
    Clock clock = Clock.systemUTC();
    this.service = new DefaultAccessService(store, clock, new UuidV7Generator(clock, random),
        new DefaultSecretResolver(Map.of(SECRET_NAME, pg.admin().password())),
        (i, password) -> new IntegrationTestReport(i.name(), true, "test", List.of()), random);
    this.sweeper = Executors.newSingleThreadScheduledExecutor(
        Thread.ofPlatform().daemon().name("jit-world-sweep").factory());
  }

  /** Creates the server objects and the control plane, and starts the proxy. */
  static JitWorld start(TestPostgres pg) throws Exception {
    String id = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    Secret ownerPassword = new RolePasswords(new SecureRandom()).next();
    JitWorld world = new JitWorld(pg, id, ownerPassword);
    try {
      world.createServerObjects();
      world.createControlPlane();
      world.sweeper.scheduleWithFixedDelay(world::sweep, 1, 1, TimeUnit.SECONDS);
      world.registry = new SimpleMeterRegistry();
      world.proxy = world.startProxy(world.registry);
      return world;
    } catch (Exception | Error e) {
      world.close();
      throw e;
    }
  }

  private void createServerObjects() throws SQLException {
    try (Connection su = superuser("postgres")) {
      exec(su, "CREATE ROLE " + owner + " LOGIN PASSWORD '"
          + ScramVerifier.generate(ownerPassword.value(), new SecureRandom()).format() + "'");
      exec(su, "GRANT " + owner + " TO " + pg.admin().user()); // what an RDS master user has for roles it made
      exec(su, "CREATE DATABASE " + database + " OWNER " + owner);
    }
    try (Connection app = login(database, owner, ownerPassword.value())) {
      exec(app, "CREATE TABLE " + TABLE + " (id serial PRIMARY KEY, name text NOT NULL)");
      exec(app, "INSERT INTO " + TABLE + " (name) VALUES ('apple'), ('pear')");
    }
  }

  private void createControlPlane() {
    service.createIntegration(ROOT, new Integration(integration, null,
        new DatabaseLocation.HostPort(pg.host(), pg.port()), List.of(database, TestPostgres.APP_DATABASE),
        new Connector(pg.admin().user(), ConnectorAuthType.PASSWORD, SecretRef.of("env:" + SECRET_NAME)),
        SslMode.VERIFY_FULL, pg.caCertFile().toString(), true, 0, "", List.of(), "",
        List.of(Permission.READ, Permission.WRITE, Permission.ADMIN), null, null, 0));
    service.createFlow(ROOT, new AccessFlow("eng", "", List.of(PrincipalRef.group("eng")),
        List.of(new ResourceSelector.ByPath(integration, "*")),
        List.of(Permission.READ, Permission.WRITE, Permission.ADMIN), Duration.ofHours(4), false,
        new ApprovalRule.Automatic(), Duration.ofHours(1), 0));
  }

  private void sweep() {
    try {
      service.sweep();
    } catch (RuntimeException e) {
      // The next sweep retries; the proxy does not depend on it (it has its own end timers).
    }
  }

  /** Starts a (further) proxy on this world's store; the caller closes it. */
  JitProxy startProxy() throws IOException, InterruptedException {
    return startProxy(new SimpleMeterRegistry());
  }

  /** Starts a (further) proxy on this world's store, reporting to {@code registry}; the caller closes it. */
  JitProxy startProxy(MeterRegistry registry) throws IOException, InterruptedException {
    return startProxy(registry, store);
  }

  /** Starts a (further) proxy following {@code source} (e.g. a wrapper of this world's store). */
  JitProxy startProxy(MeterRegistry registry, AccessStore source) throws IOException, InterruptedException {
    ProxyConfig config = TestProxy.defaultConfig(pg, "unused", proxyCaDirectory);
    JitSettings settings = new JitSettings(10, Duration.ofMinutes(5), Duration.ofSeconds(10), 4, names,
        GrantDirectoryConfig.defaults());
    return JitProxy.start(config, settings, source, new DefaultSecretResolver(Map.of(SECRET_NAME,
        pg.admin().password())), registry, ProxyServer.Transport.best(), 2);
  }

  /** The proxy of this world. */
  JitProxy proxy() {
    return proxy;
  }

  /** The meters of {@link #proxy()}. */
  SimpleMeterRegistry registry() {
    return registry;
  }

  /**
   * Stops the proxy the way a crash leaves the database: nothing is cleaned up on the server (a shutdown only
   * ends client sessions; it neither revokes nor reconciles roles).
   */
  void stopProxy() throws InterruptedException {
    if (proxy != null) {
      proxy.close();
      proxy = null;
    }
  }

  /** Starts the proxy again on the same store (stopping the running one first, if any). */
  JitProxy restartProxy() throws Exception {
    stopProxy();
    registry = new SimpleMeterRegistry();
    proxy = startProxy(registry);
    return proxy;
  }

  // ------------------------------------------------------------------------------------- control plane

  /** A requester in group {@code eng}, not stored as a principal (like an OIDC user). */
  static Actor engineer(String name) {
    return new Actor(name, Set.of(Role.REQUESTER), Set.of("eng"));
  }

  /** An automatically approved grant of {@code who} on {@code database} of this world's integration. */
  Grant grant(Actor who, String db, Permission permission, Duration duration) {
    AccessRequest request = service.createRequest(who,
        new NewAccessRequest(integration, db, permission, duration, "test"));
    return service.grant(who, request.grantId());
  }

  /** A grant on {@code db} with its credential, issued at once. */
  IssuedCredential credential(Actor who, String db, Permission permission, Duration duration) {
    return service.issueCredential(who, grant(who, db, permission, duration).id());
  }

  /** Revokes through the service, as {@code jitgate revoke} does. */
  Grant revoke(Grant grant) {
    return service.revoke(APPROVER, grant.id(), "test");
  }

  /** The database role jitgate creates for {@code grant}. */
  static String roleOf(Grant grant) {
    return RoleName.forGrant(grant.id(), grant.principal()).value();
  }

  // ------------------------------------------------------------------------------------------- clients

  /** {@code <integration>/<db>}, the dbname engineers type. */
  String path(String db) {
    return integration + "/" + db;
  }

  /** pgjdbc URL through the proxy for startup database {@code dbParameter}, verify-full against the proxy's CA. */
  String jdbcUrl(String dbParameter) {
    return jdbcUrl(proxy, dbParameter);
  }

  /** {@link #jdbcUrl(String)} for another proxy of this world. */
  String jdbcUrl(JitProxy via, String dbParameter) {
    return "jdbc:postgresql://localhost:" + via.address().getPort() + "/"
        + URLEncoder.encode(dbParameter, StandardCharsets.UTF_8).replace("+", "%20")
        + "?sslmode=verify-full&sslrootcert=" + proxyCaCert + "&connectTimeout=10&ApplicationName=jit-it";
  }

  /** Connects through the proxy with pgjdbc. */
  Connection connect(String user, String dbParameter, String password) throws SQLException {
    return connect(proxy, user, dbParameter, password);
  }

  /** Connects through {@code via} with pgjdbc. */
  Connection connect(JitProxy via, String user, String dbParameter, String password) throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", user);
    properties.setProperty("password", password);
    return DriverManager.getConnection(jdbcUrl(via, dbParameter), properties);
  }

  /** Connects through {@code via} with the credential of {@code credential}'s grant. */
  Connection connect(JitProxy via, IssuedCredential credential) throws SQLException {
    return connect(via, credential.grant().principal(), path(credential.grant().database()), credential.password());
  }

  /** Connects with the credential of {@code credential}'s grant to its {@code <integration>/<database>}. */
  Connection connect(IssuedCredential credential) throws SQLException {
    return connect(credential.grant().principal(), path(credential.grant().database()), credential.password());
  }

  /** libpq environment for psql through the proxy (verify-full). */
  Map<String, String> libpqEnv(String user, String dbParameter, String password) {
    return Map.of(
        "PGHOST", "localhost",
        "PGPORT", Integer.toString(proxy.address().getPort()),
        "PGUSER", user,
        "PGDATABASE", dbParameter,
        "PGPASSWORD", password,
        "PGSSLMODE", "verify-full",
        "PGSSLROOTCERT", proxyCaCert.toString(),
        "PGCONNECT_TIMEOUT", "10",
        "PGAPPNAME", "jit-it");
  }

  // -------------------------------------------------------------------------------------- server side

  /** A superuser connection (trust), for set-up and checks only. */
  Connection superuser(String db) throws SQLException {
    return DriverManager.getConnection(
        "jdbc:postgresql://" + pg.host() + ":" + pg.port() + "/" + db + "?user=" + TestPostgres.SUPERUSER);
  }

  /** Logs in directly (not through the proxy) over verify-full TLS. */
  Connection login(String db, String user, String password) throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", user);
    properties.setProperty("password", password);
    properties.setProperty("connectTimeout", "10");
    return DriverManager.getConnection(pg.verifyFullJdbcUrl(db), properties);
  }

  /** Backends of {@code role} on the server right now. */
  int backendsOf(String role) throws SQLException {
    return Integer.parseInt(query("SELECT count(*) FROM pg_stat_activity WHERE usename = ?", role));
  }

  /** Whether {@code role} exists and may log in (LOGIN, not past VALID UNTIL). */
  boolean canLogIn(String role) throws SQLException {
    return "t".equals(query("SELECT coalesce(bool_or(rolcanlogin AND (rolvaliduntil IS NULL OR rolvaliduntil > now())),"
        + " false) FROM pg_roles WHERE rolname = ?", role));
  }

  /** Whether {@code role} exists. */
  boolean roleExists(String role) throws SQLException {
    return !"0".equals(query("SELECT count(*) FROM pg_roles WHERE rolname = ?", role));
  }

  /** The first column of the first row of {@code sql}, run as the superuser on {@code postgres}. */
  String query(String sql, String... parameters) throws SQLException {
    try (Connection su = superuser("postgres")) {
      return query(su, sql, parameters);
    }
  }

  static String query(Connection connection, String sql, String... parameters) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setString(i + 1, parameters[i]);
      }
      try (ResultSet rs = statement.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  static void exec(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  /** A data source as this world's connector, for driving provisioning steps by hand. */
  ConnectorDataSource connectorDataSource() {
    return new ConnectorDataSource(ConnectorSettings.of(pg.host(), pg.port(), database, pg.admin().user(),
        pg.admin().password()::toCharArray, SslMode.VERIFY_FULL, pg.caCertFile()));
  }

  @Override
  public void close() throws Exception {
    sweeper.shutdownNow();
    try {
      stopProxy();
    } finally {
      store.close();
    }
  }
}
