package dev.jitgate.proxy.it;

import static dev.jitgate.proxy.testing.RawPgClient.cstring;
import static dev.jitgate.proxy.testing.RawPgClient.startup;
import static dev.jitgate.proxy.testing.RawPgClient.typed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import dev.jitgate.proxy.config.LimitsConfig;
import dev.jitgate.proxy.testing.PostgresExtension;
import dev.jitgate.proxy.testing.ProxyConfigs;
import dev.jitgate.proxy.testing.RawPgClient;
import dev.jitgate.proxy.testing.TestPostgres;
import dev.jitgate.proxy.testing.TestProxy;
import io.micrometer.core.instrument.Counter;
import java.net.ConnectException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.util.PSQLException;

/** Connection limits, login and idle timeouts, graceful shutdown and backpressure, each on its own proxy. */
@ExtendWith(PostgresExtension.class)
class SessionLimitsIT {

  private static LimitsConfig limits(int max, int perUser, Duration login, Duration idle, Duration grace) {
    return new LimitsConfig(max, perUser, login, idle, grace, Duration.ofMillis(10));
  }

  private static Connection jdbc(TestProxy proxy) throws SQLException {
    return DriverManager.getConnection(proxy.jdbcUrl(""), TestProxy.USER, proxy.password());
  }

  private static int selectOne(Connection c) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 1")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  @Test
  void globalConnectionLimit(TestPostgres pg) throws Exception {
    try (TestProxy proxy = TestProxy.start(pg, c -> ProxyConfigs.withLimits(c,
        limits(3, 0, Duration.ofSeconds(30), Duration.ZERO, Duration.ofSeconds(1))))) {
      List<RawPgClient> held = new ArrayList<>();
      try {
        for (int i = 0; i < 3; i++) {
          RawPgClient c = new RawPgClient(proxy.host(), proxy.port());
          c.send(startup(0, Map.of("user", TestProxy.USER, "database", TestProxy.DATABASE)));
          assertThat(c.read().type()).isEqualTo('R');
          held.add(c);
        }
        PSQLException e = catchThrowableOfType(PSQLException.class, () -> jdbc(proxy).close());
        assertThat(e.getSQLState()).isEqualTo("53300");
      } finally {
        for (RawPgClient c : held) {
          c.close();
        }
      }
      await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
        try (Connection c = jdbc(proxy)) {
          assertThat(selectOne(c)).isEqualTo(1);
        }
      });
    }
  }

  @Test
  void perUserLimit(TestPostgres pg) throws Exception {
    try (TestProxy proxy = TestProxy.start(pg, c -> ProxyConfigs.withLimits(c,
            limits(100, 2, Duration.ofSeconds(30), Duration.ZERO, Duration.ofSeconds(1))));
        Connection a = jdbc(proxy);
        Connection b = jdbc(proxy)) {
      PSQLException e = catchThrowableOfType(PSQLException.class, () -> jdbc(proxy).close());
      assertThat(e.getSQLState()).isEqualTo("53300");
      assertThat(e.getServerErrorMessage().getMessage()).isEqualTo("too many connections for user \"alice\"");
      a.close();
      await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
        try (Connection c = jdbc(proxy)) {
          assertThat(selectOne(c)).isEqualTo(1);
        }
      });
      assertThat(selectOne(b)).isEqualTo(1);
    }
  }

  @Test
  void loginTimeout(TestPostgres pg) throws Exception {
    try (TestProxy proxy = TestProxy.start(pg, c -> ProxyConfigs.withLimits(c,
            limits(100, 0, Duration.ofMillis(800), Duration.ZERO, Duration.ofSeconds(1))));
        RawPgClient silent = new RawPgClient(proxy.host(), proxy.port());
        RawPgClient stalled = new RawPgClient(proxy.host(), proxy.port())) {
      stalled.send(startup(0, Map.of("user", TestProxy.USER, "database", TestProxy.DATABASE)));
      assertThat(stalled.read().type()).isEqualTo('R');
      RawPgClient.Message error = stalled.readUntilError();
      assertThat(error.sqlState()).isEqualTo("08006");
      assertThat(stalled.closedByServer()).isTrue();
      assertThat(silent.closedByServer()).as("a client that never speaks is dropped").isTrue();
    }
  }

  @Test
  void idleSessionsAreClosedButBusyOnesAreNot(TestPostgres pg) throws Exception {
    try (TestProxy proxy = TestProxy.start(pg, c -> ProxyConfigs.withLimits(c,
            limits(100, 0, Duration.ofSeconds(10), Duration.ofMillis(1500), Duration.ofSeconds(1))));
        Connection idle = jdbc(proxy);
        Connection busy = jdbc(proxy)) {
      CompletableFuture<Void> longQuery = CompletableFuture.runAsync(() -> {
        try (Statement s = busy.createStatement()) {
          s.execute("SELECT pg_sleep(4)");
        } catch (SQLException e) {
          throw new RuntimeException(e);
        }
      });
      longQuery.get(); // runs longer than the idle timeout: a query in flight is not idleness
      assertThat(selectOne(busy)).isEqualTo(1);
      // The idle connection, untouched for ~4 s, has been told why it was closed.
      PSQLException e = catchThrowableOfType(PSQLException.class, () -> selectOne(idle));
      assertThat(e.getSQLState()).isIn("57P05", "08006", "08003");
      assertThat(e.getMessage()).containsAnyOf("idle-session timeout", "connection has been closed", "I/O error");
    }
  }

  @Test
  void gracefulShutdownWaitsThenTerminatesWith57P01(TestPostgres pg) throws Exception {
    TestProxy proxy = TestProxy.start(pg, c -> ProxyConfigs.withLimits(c,
        limits(100, 0, Duration.ofSeconds(10), Duration.ZERO, Duration.ofSeconds(1))));
    try (RawPgClient idle = new RawPgClient(proxy.host(), proxy.port())) {
      idle.login(TestProxy.USER, TestProxy.DATABASE, proxy.password());
      CompletableFuture<Void> shutdown = CompletableFuture.runAsync(() -> {
        try {
          proxy.server().shutdown(Duration.ofMillis(1500));
        } catch (InterruptedException e) {
          throw new RuntimeException(e);
        }
      });
      await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
          assertThatThrownBy(() -> new RawPgClient(proxy.host(), proxy.port()).close())
              .as("no longer accepting").isInstanceOf(ConnectException.class));
      assertThat(shutdown).as("still draining").isNotDone();
      RawPgClient.Message error = idle.readUntilError();
      assertThat(error.sqlState()).isEqualTo("57P01");
      assertThat(idle.closedByServer()).isTrue();
      shutdown.get();
    }
  }

  @Test
  void slowClientReadingAHugeResultKeepsProxyMemoryFlat(TestPostgres pg) throws Exception {
    try (TestProxy proxy = TestProxy.start(pg);
        RawPgClient slow = new RawPgClient(proxy.host(), proxy.port())) {
      slow.socket().setReceiveBufferSize(64 * 1024);
      slow.login(TestProxy.USER, TestProxy.DATABASE, proxy.password());
      // ~2 GB of rows that the client never reads.
      slow.send(typed('Q', cstring("SELECT repeat('x', 1000) || g /* slow-client */ FROM generate_series(1, 2000000) g")));
      Counter toClient = proxy.registry().find("jitgate.proxy.bytes").tag("direction", "upstream_to_client").counter();
      try (Connection admin = pg.superuserDataSource().getConnection()) {
        await().atMost(Duration.ofSeconds(30)).until(() -> "ClientWrite".equals(waitEvent(admin)));
      }
      // Another session is not held up by the stalled one.
      try (Connection other = jdbc(proxy)) {
        assertThat(selectOne(other)).isEqualTo(1);
      }
      // Stay stalled for a while: what the proxy pulled from upstream must stay at socket-buffer scale
      // (kernel buffers on both legs plus the write-buffer high-water mark), far below the 2 GB result.
      await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
          .until(() -> toClient.count() < 32.0 * 1024 * 1024);
      assertThat(usedDirectMemory()).as("Netty direct memory in use").isLessThan(32L * 1024 * 1024);
    }
  }

  private static long usedDirectMemory() {
    if (io.netty.buffer.ByteBufAllocator.DEFAULT instanceof io.netty.buffer.ByteBufAllocatorMetricProvider p) {
      return p.metric().usedDirectMemory();
    }
    return io.netty.util.internal.PlatformDependent.usedDirectMemory();
  }

  @Test
  void oversizedMessageDuringTheRelayIsFatalAndNothingReachesUpstream(TestPostgres pg) throws Exception {
    dev.jitgate.pg.PgCodecConfig small = new dev.jitgate.pg.PgCodecConfig(10_000, 8192, 1024 * 1024, 64 * 1024 * 1024, 1024);
    try (TestProxy proxy = TestProxy.start(pg, c -> new dev.jitgate.proxy.config.ProxyConfig(
            c.listener(), c.users(), c.routes(), c.limits(), c.parameters(), small, c.proxyName()));
        RawPgClient client = new RawPgClient(proxy.host(), proxy.port())) {
      client.login(TestProxy.USER, TestProxy.DATABASE, proxy.password());
      int claimed = 2 * 1024 * 1024;
      client.send(new byte[] {'Q', (byte) (claimed >>> 24), (byte) (claimed >>> 16), (byte) (claimed >>> 8), (byte) claimed, 'S'});
      RawPgClient.Message error = client.readUntilError();
      assertThat(error.sqlState()).isEqualTo("08P01");
      assertThat(client.closedByServer()).isTrue();
      try (Connection c = jdbc(proxy)) {
        assertThat(selectOne(c)).isEqualTo(1);
      }
    }
  }

  private static String waitEvent(Connection admin) throws SQLException {
    try (Statement s = admin.createStatement();
        ResultSet rs = s.executeQuery(
            "SELECT wait_event FROM pg_stat_activity WHERE query LIKE '%slow-client%' AND pid <> pg_backend_pid()")) {
      return rs.next() ? rs.getString(1) : null;
    }
  }
}
