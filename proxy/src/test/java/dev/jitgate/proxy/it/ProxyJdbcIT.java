package dev.jitgate.proxy.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jitgate.proxy.testing.PostgresExtension;
import dev.jitgate.proxy.testing.TestPostgres;
import dev.jitgate.proxy.testing.TestProxy;
import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.postgresql.copy.CopyManager;
import org.postgresql.util.PSQLException;

/** pgjdbc through the proxy against a real PostgreSQL, under verify-full TLS on both legs. */
@ExtendWith(PostgresExtension.class)
class ProxyJdbcIT {

  private static TestProxy proxy;
  private static TestPostgres postgres;

  @BeforeAll
  static void startProxy(TestPostgres pg) throws Exception {
    postgres = pg;
    proxy = TestProxy.start(pg);
  }

  @AfterAll
  static void stopProxy() throws Exception {
    proxy.close();
  }

  private static Connection connect(String extra) throws SQLException {
    return DriverManager.getConnection(proxy.jdbcUrl(extra), TestProxy.USER, proxy.password());
  }

  @ParameterizedTest
  @ValueSource(strings = {"preferQueryMode=simple", "preferQueryMode=extended&prepareThreshold=1", "prepareThreshold=0"})
  void queriesWorkInEveryQueryMode(String mode) throws Exception {
    try (Connection c = connect(mode);
        PreparedStatement ps = c.prepareStatement("SELECT current_user, ?::int + 1, ?::text, ?::bytea")) {
      for (int i = 0; i < 6; i++) { // crosses prepareThreshold, switching to a named server statement
        ps.setInt(1, i);
        ps.setString(2, null);
        ps.setBytes(3, new byte[] {0, 1, (byte) 0xFF});
        try (ResultSet rs = ps.executeQuery()) {
          assertThat(rs.next()).isTrue();
          assertThat(rs.getString(1)).isEqualTo("app_user");
          assertThat(rs.getInt(2)).isEqualTo(i + 1);
          assertThat(rs.getString(3)).isNull();
          assertThat(rs.getBytes(4)).containsExactly(0, 1, 0xFF);
        }
      }
    }
  }

  @Test
  void clientSeesTlsAndServerParameters() throws Exception {
    try (Connection c = connect("ApplicationName=proxy-it");
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(
            "SELECT ssl, current_setting('application_name') FROM pg_stat_ssl JOIN pg_stat_activity USING (pid) WHERE pid = pg_backend_pid()")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getBoolean(1)).as("upstream leg uses TLS").isTrue();
      assertThat(rs.getString(2)).as("application_name forwarded").isEqualTo("proxy-it");
      assertThat(c.getMetaData().getDatabaseProductVersion()).isNotBlank();
    }
  }

  @Test
  void copyInAndOut() throws Exception {
    try (Connection c = connect("")) {
      try (Statement s = c.createStatement()) {
        s.execute("CREATE TEMP TABLE t_copy (id int, name text)");
      }
      CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
      StringBuilder in = new StringBuilder();
      for (int i = 0; i < 10_000; i++) {
        in.append(i).append('\t').append("name-").append(i).append('\n');
      }
      long rows = copy.copyIn("COPY t_copy FROM STDIN", new ByteArrayInputStream(in.toString().getBytes(StandardCharsets.UTF_8)));
      assertThat(rows).isEqualTo(10_000);
      StringWriter out = new StringWriter();
      long outRows = copy.copyOut("COPY (SELECT * FROM t_copy ORDER BY id) TO STDOUT", out);
      assertThat(outRows).isEqualTo(10_000);
      assertThat(out.toString()).isEqualTo(in.toString());
    }
  }

  @Test
  void largeResultWithFetchSize() throws Exception {
    try (Connection c = connect("")) {
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        s.setFetchSize(1000);
        long sum = 0;
        int count = 0;
        try (ResultSet rs = s.executeQuery("SELECT g, repeat('x', 100) FROM generate_series(1, 200000) g")) {
          while (rs.next()) {
            sum += rs.getLong(1);
            count++;
          }
        }
        assertThat(count).isEqualTo(200_000);
        assertThat(sum).isEqualTo(200_000L * 200_001L / 2);
      }
      c.commit();
    }
  }

  @Test
  void listenNotify() throws Exception {
    try (Connection listener = connect(""); Connection notifier = connect("")) {
      try (Statement s = listener.createStatement()) {
        s.execute("LISTEN jitgate_it");
      }
      try (Statement s = notifier.createStatement()) {
        s.execute("NOTIFY jitgate_it, 'hello through the proxy'");
      }
      PGNotification[] notes = listener.unwrap(PGConnection.class).getNotifications(10_000);
      assertThat(notes).isNotNull().hasSize(1);
      assertThat(notes[0].getName()).isEqualTo("jitgate_it");
      assertThat(notes[0].getParameter()).isEqualTo("hello through the proxy");
    }
  }

  @Test
  void statementCancelReachesTheRightBackend() throws Exception {
    try (Connection c = connect(""); Statement s = c.createStatement(); Connection admin = postgres.superuserDataSource().getConnection()) {
      CompletableFuture<Void> cancel =
          CompletableFuture.runAsync(
              () -> {
                try {
                  // cancel() is a no-op when nothing runs: wait until the upstream backend is sleeping.
                  org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> sleeping(admin) == 1);
                  s.cancel();
                } catch (SQLException e) {
                  throw new RuntimeException(e);
                }
              });
      long start = System.nanoTime();
      assertThatThrownBy(() -> s.execute("SELECT pg_sleep(30) /* jdbc-cancel-test */"))
          .isInstanceOf(PSQLException.class)
          .extracting(e -> ((PSQLException) e).getSQLState())
          .isEqualTo("57014");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
      cancel.get(10, TimeUnit.SECONDS);
      try (ResultSet rs = s.executeQuery("SELECT 42")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getInt(1)).as("session usable after cancel").isEqualTo(42);
      }
    }
  }

  private static int sleeping(Connection admin) throws SQLException {
    try (Statement st = admin.createStatement();
        ResultSet rs = st.executeQuery(
            "SELECT count(*) FROM pg_stat_activity WHERE state = 'active' AND query LIKE '%jdbc-cancel-test%' AND pid <> pg_backend_pid()")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  @Test
  void wrongPasswordAndUnknownUserGetTheSameError() {
    PSQLException wrong =
        (PSQLException) org.assertj.core.api.Assertions.catchThrowable(
            () -> DriverManager.getConnection(proxy.jdbcUrl(""), TestProxy.USER, "not-the-password").close());
    PSQLException unknown =
        (PSQLException) org.assertj.core.api.Assertions.catchThrowable(
            () -> DriverManager.getConnection(proxy.jdbcUrl(""), "mallory", "whatever").close());
    assertThat(wrong.getSQLState()).isEqualTo("28P01");
    assertThat(unknown.getSQLState()).isEqualTo("28P01");
    assertThat(wrong.getServerErrorMessage().getMessage())
        .isEqualTo("password authentication failed for user \"alice\"");
    assertThat(unknown.getServerErrorMessage().getMessage())
        .isEqualTo("password authentication failed for user \"mallory\"");
  }

  @Test
  void unknownDatabaseIsReportedAfterAuthentication() {
    String url = proxy.jdbcUrl("").replace("/" + TestProxy.DATABASE + "?", "/nope?");
    PSQLException e =
        (PSQLException) org.assertj.core.api.Assertions.catchThrowable(
            () -> DriverManager.getConnection(url, TestProxy.USER, proxy.password()).close());
    assertThat(e.getSQLState()).isEqualTo("3D000");
  }
}
