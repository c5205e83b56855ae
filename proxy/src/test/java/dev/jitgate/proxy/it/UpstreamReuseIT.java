package dev.jitgate.proxy.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import dev.jitgate.proxy.config.UpstreamReuseConfig;
import dev.jitgate.proxy.testing.PgClientTools;
import dev.jitgate.proxy.testing.PostgresExtension;
import dev.jitgate.proxy.testing.ProxyConfigs;
import dev.jitgate.proxy.testing.TestPostgres;
import dev.jitgate.proxy.testing.TestProxy;
import dev.jitgate.audit.event.AuditEvent;
import dev.jitgate.audit.event.AuditEventJson;
import dev.jitgate.audit.event.ChainVerifier;
import dev.jitgate.audit.event.SessionEnd;
import dev.jitgate.audit.event.SessionStart;
import dev.jitgate.proxy.audit.AuditSettings;
import dev.jitgate.proxy.audit.emit.TrackerConfig;
import dev.jitgate.proxy.audit.spool.FsyncPolicy;
import dev.jitgate.proxy.audit.spool.SpoolConfig;
import dev.jitgate.proxy.testing.SpoolEvents;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.PGConnection;

/**
 * Upstream connection reuse against a real server through pgjdbc: a session that ends cleanly leaves its
 * upstream connection, reset by DISCARD ALL, to the next session with the same parameters; one that ends inside
 * a transaction, or a connection the server ends, is never handed out.
 */
@ExtendWith(PostgresExtension.class)
class UpstreamReuseIT {

  private static TestProxy proxy(TestPostgres pg, Duration idleTimeout) throws Exception {
    return TestProxy.start(pg,
        c -> ProxyConfigs.withUpstreamReuse(c, new UpstreamReuseConfig(true, idleTimeout, 4)));
  }

  private static Connection jdbc(TestProxy proxy, String extra) throws SQLException {
    return DriverManager.getConnection(proxy.jdbcUrl(extra), TestProxy.USER, proxy.password());
  }

  private static String text(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }

  private static int pid(Connection c) throws SQLException {
    return Integer.parseInt(text(c, "SELECT pg_backend_pid()"));
  }

  private static double idle(TestProxy proxy) {
    return proxy.registry().get("jitgate.proxy.upstream.idle").gauge().value();
  }

  private static double counted(TestProxy proxy, String source) {
    return proxy.registry().get("jitgate.proxy.upstream.connections").tag("source", source).functionCounter().count();
  }

  private static boolean backendAlive(TestPostgres pg, int pid) throws SQLException {
    try (Connection admin = pg.superuserDataSource().getConnection()) {
      return text(admin, "SELECT count(*) FROM pg_stat_activity WHERE pid = " + pid).equals("1");
    }
  }

  /** Opens and closes one session; returns its server backend once the proxy has parked the connection. */
  private static int parkOne(TestProxy proxy) throws SQLException {
    int pid;
    try (Connection c = jdbc(proxy, "")) {
      pid = pid(c);
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> idle(proxy) == 1);
    return pid;
  }

  @Test
  void aCleanlyClosedSessionsConnectionServesTheNextWithItsStateReset(TestPostgres pg) throws Exception {
    try (TestProxy proxy = proxy(pg, Duration.ofSeconds(30))) {
      int first;
      String defaultWorkMem;
      String defaultApplicationName;
      try (Connection c = jdbc(proxy, "ApplicationName=reuse-test")) {
        first = pid(c);
        defaultWorkMem = text(c, "SHOW work_mem");
        defaultApplicationName = text(c, "SHOW application_name");
        try (Statement s = c.createStatement()) {
          s.execute("CREATE TEMP TABLE scratch (id int)");
          s.execute("SET work_mem = '7MB'");
          s.execute("SET application_name = 'changed'");
          s.execute("PREPARE mine AS SELECT 1");
          s.execute("SELECT pg_advisory_lock(4242)");
          s.execute("LISTEN reuse_channel");
        }
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> idle(proxy) == 1);

      try (Connection c = jdbc(proxy, "ApplicationName=reuse-test")) {
        assertThat(pid(c)).as("the same server backend").isEqualTo(first);
        assertThat(text(c, "SELECT to_regclass('pg_temp.scratch') IS NULL")).isEqualTo("t");
        assertThat(text(c, "SHOW work_mem")).isEqualTo(defaultWorkMem);
        assertThat(text(c, "SHOW application_name")).isEqualTo(defaultApplicationName);
        assertThat(c.unwrap(PGConnection.class).getParameterStatus("application_name"))
            .as("the ParameterStatus the client was given").isEqualTo(defaultApplicationName);
        assertThat(text(c, "SELECT count(*) FROM pg_prepared_statements WHERE name = 'mine'")).isEqualTo("0");
        assertThat(text(c, "SELECT count(*) FROM pg_listening_channels()")).isEqualTo("0");
        try (Connection admin = pg.superuserDataSource().getConnection()) {
          assertThat(text(admin, "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND objid = 4242"))
              .isEqualTo("0");
        }
      }
      assertThat(counted(proxy, "reused")).isEqualTo(1);
      assertThat(counted(proxy, "opened")).isEqualTo(1);
    }
  }

  @Test
  void aSessionLeftInsideATransactionIsNotReused(TestPostgres pg) throws Exception {
    try (TestProxy proxy = proxy(pg, Duration.ofSeconds(30))) {
      int first;
      try (Connection c = jdbc(proxy, "")) {
        c.setAutoCommit(false);
        first = pid(c); // BEGIN was sent: the session ends inside a transaction
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> !backendAlive(pg, first));
      assertThat(idle(proxy)).isZero();

      try (Connection c = jdbc(proxy, "")) {
        assertThat(pid(c)).isNotEqualTo(first);
      }
      assertThat(counted(proxy, "reused")).isZero();
    }
  }

  /** pgjdbc sends application_name in the startup packet only when it may assume a 9.0+ server. */
  @Test
  void differentStartupParametersGetTheirOwnConnections(TestPostgres pg) throws Exception {
    try (TestProxy proxy = proxy(pg, Duration.ofSeconds(30))) {
      int a;
      try (Connection c = jdbc(proxy, "ApplicationName=app-a&assumeMinServerVersion=13")) {
        a = pid(c);
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> idle(proxy) == 1);
      try (Connection c = jdbc(proxy, "ApplicationName=app-b&assumeMinServerVersion=13")) {
        assertThat(pid(c)).isNotEqualTo(a);
        assertThat(text(c, "SHOW application_name")).isEqualTo("app-b");
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> idle(proxy) == 2);
      try (Connection c = jdbc(proxy, "ApplicationName=app-a&assumeMinServerVersion=13")) {
        assertThat(pid(c)).isEqualTo(a);
        assertThat(text(c, "SHOW application_name")).isEqualTo("app-a");
      }
    }
  }

  @Test
  void aParkedConnectionTheServerEndsIsNeverHandedOut(TestPostgres pg) throws Exception {
    try (TestProxy proxy = proxy(pg, Duration.ofSeconds(30))) {
      int first = parkOne(proxy);
      try (Connection admin = pg.superuserDataSource().getConnection()) {
        assertThat(text(admin, "SELECT pg_terminate_backend(" + first + ")")).isEqualTo("t");
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> idle(proxy) == 0);

      try (Connection c = jdbc(proxy, "")) {
        assertThat(pid(c)).isNotEqualTo(first);
        assertThat(text(c, "SELECT 1")).isEqualTo("1");
      }
    }
  }

  @Test
  void unusedConnectionsAreClosedAfterTheIdleTimeout(TestPostgres pg) throws Exception {
    try (TestProxy proxy = proxy(pg, Duration.ofMillis(300))) {
      int first;
      try (Connection c = jdbc(proxy, "")) {
        first = pid(c);
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> !backendAlive(pg, first));
      assertThat(idle(proxy)).isZero();
    }
  }

  @Test
  void aQueryOnAReusedConnectionCanBeCancelled(TestPostgres pg) throws Exception {
    try (TestProxy proxy = proxy(pg, Duration.ofSeconds(30))) {
      int first = parkOne(proxy);
      try (Connection c = jdbc(proxy, ""); Statement s = c.createStatement()) {
        assertThat(pid(c)).isEqualTo(first);
        CompletableFuture<Void> cancel = CompletableFuture.runAsync(() -> {
          await().atMost(Duration.ofSeconds(10)).until(() -> {
            try (Connection admin = pg.superuserDataSource().getConnection()) {
              return text(admin, "SELECT count(*) FROM pg_stat_activity WHERE pid = " + first
                  + " AND query LIKE 'SELECT pg_sleep%' AND state = 'active'").equals("1");
            }
          });
          try {
            s.cancel();
          } catch (SQLException e) {
            throw new IllegalStateException(e);
          }
        });
        SQLException e = catchThrowableOfType(SQLException.class, () -> s.execute("SELECT pg_sleep(30)"));
        cancel.get(10, TimeUnit.SECONDS);
        assertThat(e.getSQLState()).isEqualTo("57014");
      }
    }
  }

  @Test
  void auditedSessionsOnOneReusedConnectionEachRecordTheirOwnStatements(TestPostgres pg) throws Exception {
    Path spool = Files.createDirectories(Path.of("target", "reuse-audit-it", UUID.randomUUID().toString()));
    AuditSettings audit = new AuditSettings(false, SpoolConfig.defaults(spool, new FsyncPolicy.Never()), null,
        TrackerConfig.DEFAULTS);
    int first;
    int second;
    try (TestProxy proxy = TestProxy.start(pg,
        c -> ProxyConfigs.withUpstreamReuse(c, new UpstreamReuseConfig(true, Duration.ofSeconds(30), 4)), audit)) {
      try (Connection c = jdbc(proxy, "")) {
        first = pid(c);
        try (PreparedStatement ps = c.prepareStatement("SELECT ?::int + 1")) {
          ps.setInt(1, 41);
          ps.executeQuery().close();
        }
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> idle(proxy) == 1);
      try (Connection c = jdbc(proxy, "")) {
        second = pid(c);
        text(c, "SELECT 'second session'");
      }
    }
    assertThat(second).isEqualTo(first);

    Map<String, List<AuditEvent>> sessions = SpoolEvents.bySession(SpoolEvents.readAll(spool));
    assertThat(sessions).hasSize(2);
    List<String> sql = new ArrayList<>();
    for (List<AuditEvent> events : sessions.values()) {
      assertThat(new ChainVerifier(new AuditEventJson()).verify(events)).isEmpty();
      assertThat(events.getFirst().body()).isInstanceOf(SessionStart.class);
      assertThat(events.getLast().body()).isInstanceOf(SessionEnd.class);
      events.stream().map(AuditEvent::body).filter(b -> b instanceof dev.jitgate.audit.event.Statement)
          .map(b -> ((dev.jitgate.audit.event.Statement) b).sql()).forEach(sql::add);
      assertThat(events).noneMatch(e -> e.body() instanceof dev.jitgate.audit.event.Statement st
          && st.sql() != null && st.sql().contains("DISCARD"));
    }
    assertThat(sql).contains("SELECT $1::int + 1", "SELECT 'second session'");
  }

  @Test
  void aClientThatVanishesWithoutTerminateLeavesNoConnectionBehind(TestPostgres pg) throws Exception {
    try (TestProxy proxy = proxy(pg, Duration.ofSeconds(30))) {
      // psql prints its backend, then idles in a shell command until it is killed: no Terminate is ever sent
      PgClientTools.Running psql = PgClientTools.start("psql", PgClientTools.libpqEnv(proxy),
          List.of("-X", "-A", "-t", "-c", "SELECT pg_backend_pid()", "-c", "\\! sleep 20"));
      try {
        await().atMost(Duration.ofSeconds(20)).until(() -> !Files.readString(psql.stdout()).isBlank());
        int pid = Integer.parseInt(Files.readString(psql.stdout()).strip());
        assertThat(backendAlive(pg, pid)).isTrue();
        psql.process().destroyForcibly();

        await().atMost(Duration.ofSeconds(10)).until(() -> !backendAlive(pg, pid));
        assertThat(idle(proxy)).isZero();
        assertThat(counted(proxy, "reused")).isZero();
      } finally {
        psql.process().destroyForcibly();
      }
    }
  }
}
