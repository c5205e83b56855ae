package dev.jitgate.proxy.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jitgate.proxy.testing.TestPostgres.Credentials;
import dev.jitgate.proxy.tls.DevCertificateAuthority;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class TestPostgresIT {

  @Test
  void appUserConnectsOverVerifyFullTls(TestPostgres pg) throws SQLException {
    try (Connection connection = pg.dataSource(pg.appUser(), TestPostgres.APP_DATABASE).getConnection()) {
      assertThat(queryString(connection, "SELECT current_user")).isEqualTo("app_user");
      assertThat(queryString(connection, "SELECT current_database()")).isEqualTo(TestPostgres.APP_DATABASE);
      assertThat(queryString(connection, "SELECT ssl::text FROM pg_stat_ssl WHERE pid = pg_backend_pid()"))
          .isEqualTo("true");
      assertThat(queryString(connection, "SELECT version FROM pg_stat_ssl WHERE pid = pg_backend_pid()"))
          .startsWith("TLSv1.");
    }
  }

  @Test
  void verifyFullRejectsAnUntrustedCa(TestPostgres pg) throws IOException {
    Path otherCa = Files.createTempFile("other-ca", ".crt");
    try {
      DevCertificateAuthority.generate("other CA").writeCaPem(otherCa);
      String url = "jdbc:postgresql://" + pg.host() + ":" + pg.port() + "/" + TestPostgres.APP_DATABASE
          + "?sslmode=verify-full&sslrootcert=" + otherCa.toAbsolutePath();
      assertThatThrownBy(() -> DriverManager.getConnection(url, properties(pg.appUser())).close())
          .isInstanceOf(SQLException.class);
    } finally {
      Files.deleteIfExists(otherCa);
    }
  }

  @Test
  void passwordsAreStoredAsScramExceptForMd5User(TestPostgres pg) throws SQLException {
    try (Connection connection = pg.superuserDataSource().getConnection()) {
      assertThat(queryString(connection,
          "SELECT rolpassword LIKE 'SCRAM-SHA-256$%' FROM pg_authid WHERE rolname = 'app_user'"))
          .isEqualTo("t");
      assertThat(queryString(connection,
          "SELECT rolpassword LIKE 'SCRAM-SHA-256$%' FROM pg_authid WHERE rolname = 'jitgate_connector'"))
          .isEqualTo("t");
      assertThat(queryString(connection,
          "SELECT rolpassword LIKE 'md5%' FROM pg_authid WHERE rolname = 'md5_user'"))
          .isEqualTo("t");
      assertThat(queryString(connection, "SHOW password_encryption")).isEqualTo("scram-sha-256");
    }
  }

  @Test
  void wrongPasswordIsRejected(TestPostgres pg) {
    Credentials wrong = new Credentials(pg.appUser().user(), "not-" + pg.appUser().password());
    assertThatThrownBy(() -> pg.dataSource(wrong, TestPostgres.APP_DATABASE).getConnection().close())
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("password authentication failed");
  }

  @Test
  void md5AndPlainUsersLogIn(TestPostgres pg) throws SQLException {
    for (Credentials credentials : List.of(pg.md5User(), pg.plainUser())) {
      try (Connection connection = pg.dataSource(credentials, "postgres").getConnection()) {
        assertThat(queryString(connection, "SELECT current_user")).isEqualTo(credentials.user());
      }
    }
    try (Connection connection = pg.superuserDataSource().getConnection()) {
      // The hba rules route md5_user and plain_user to their dedicated methods.
      assertThat(queryString(connection, "SELECT string_agg(auth_method, ',' ORDER BY line_number) "
          + "FROM pg_hba_file_rules WHERE 'md5_user' = ANY(user_name) OR 'plain_user' = ANY(user_name)"))
          .isEqualTo("md5,md5,password,password");
    }
  }

  @Test
  void adminCanCreateRolesButIsNotSuperuser(TestPostgres pg) throws SQLException {
    String role = "it_role_" + UUID.randomUUID().toString().replace("-", "");
    try (Connection connection = pg.dataSource(pg.admin(), "postgres").getConnection();
        Statement statement = connection.createStatement()) {
      assertThat(queryString(connection, "SELECT rolsuper::text || ',' || rolcreaterole::text "
          + "FROM pg_roles WHERE rolname = current_user")).isEqualTo("false,true");
      statement.execute("CREATE ROLE " + role + " LOGIN");
      statement.execute("DROP ROLE " + role);
      assertThatThrownBy(() -> statement.execute("CREATE ROLE " + role + "_su SUPERUSER"))
          .isInstanceOf(SQLException.class);
    }
  }

  @Test
  void superuserJdbcUrlWorks(TestPostgres pg) throws SQLException {
    try (Connection connection = DriverManager.getConnection(pg.adminJdbcUrl())) {
      assertThat(queryString(connection, "SELECT rolsuper::text FROM pg_roles WHERE rolname = current_user"))
          .isEqualTo("true");
      assertThat(queryString(connection, "SHOW ssl")).isEqualTo("on");
      assertThat(queryString(connection, "SHOW max_connections")).isEqualTo("200");
      assertThat(queryString(connection, "SHOW log_statement")).isEqualTo("all");
      String major = System.getProperty("jitgate.pg.binaries", "17").split("\\.")[0];
      assertThat(queryString(connection, "SHOW server_version_num")).startsWith(major);
    }
  }

  @Test
  void passwordsNeverReachTheServerLog(TestPostgres pg) throws IOException, SQLException {
    try (Connection connection = pg.dataSource(pg.appUser(), TestPostgres.APP_DATABASE).getConnection()) {
      queryString(connection, "SELECT 'log-marker-" + pg.port() + "'");
    }
    String log = Files.readString(pg.logFile(), StandardCharsets.UTF_8);
    assertThat(log).contains("log-marker-" + pg.port()); // log_statement=all reaches the file
    for (Credentials credentials : List.of(pg.admin(), pg.appUser(), pg.md5User(), pg.plainUser())) {
      assertThat(log).doesNotContain(credentials.password());
    }
  }

  /** libpq/OpenSSL (psql) must accept the EC P-256 chain with verify-full; skipped when psql is not installed. */
  @Test
  void psqlConnectsWithVerifyFull(TestPostgres pg) throws IOException, InterruptedException {
    Path psql = Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
        .map(dir -> Path.of(dir, "psql")).filter(Files::isExecutable).findFirst().orElse(null);
    assumeTrue(psql != null, "psql not on PATH");
    for (String host : List.of("localhost", "127.0.0.1")) {
      ProcessBuilder builder = new ProcessBuilder(psql.toString(), "-X", "-A", "-t", "-c",
          "SELECT current_user || ' ' || ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()",
          "host=" + host + " port=" + pg.port() + " dbname=" + TestPostgres.APP_DATABASE
              + " user=app_user sslmode=verify-full sslrootcert=" + pg.caCertFile().toAbsolutePath())
          .redirectErrorStream(true);
      builder.environment().put("PGPASSWORD", pg.appUser().password());
      builder.environment().put("PGCONNECT_TIMEOUT", "10");
      Process process = builder.start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(process.exitValue()).as("psql via %s: %s", host, output).isZero();
      assertThat(output).isEqualTo("app_user true");
    }
  }

  private static Properties properties(Credentials credentials) {
    Properties properties = new Properties();
    properties.setProperty("user", credentials.user());
    properties.setProperty("password", credentials.password());
    return properties;
  }

  private static String queryString(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
      assertThat(rs.next()).as("row from %s", sql).isTrue();
      return rs.getString(1);
    }
  }
}
