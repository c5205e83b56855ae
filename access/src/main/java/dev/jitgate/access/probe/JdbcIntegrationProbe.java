package dev.jitgate.access.probe;

import dev.jitgate.access.model.DatabaseLocation;
import dev.jitgate.access.model.Integration;
import dev.jitgate.access.model.SslMode;
import dev.jitgate.access.secret.SecretValue;
import dev.jitgate.access.service.IntegrationTestReport;
import dev.jitgate.access.service.IntegrationTestReport.Check;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;

/**
 * Probes a PostgreSQL integration over pgjdbc: connects as the connector user to every database (with
 * the integration's {@code sslmode} and CA file, short timeouts) and reports the server version, the
 * connector's role attributes (superuser, CREATEROLE, {@code rds_superuser} membership), whether it can
 * create roles, and whether the predefined roles {@code pg_read_all_data}/{@code pg_write_all_data}
 * (PostgreSQL 14+) exist. The password never appears in a check.
 */
public final class JdbcIntegrationProbe implements IntegrationProbe {
  /** Connect and socket timeout when none is given. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

  private static final String ROLE_FACTS = """
      SELECT current_setting('server_version'),
             r.rolsuper,
             r.rolcreaterole,
             coalesce((SELECT pg_has_role(current_user, g.oid, 'MEMBER')
                         FROM pg_roles g WHERE g.rolname = 'rds_superuser'), false),
             EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'pg_read_all_data'),
             EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'pg_write_all_data')
        FROM pg_roles r
       WHERE r.rolname = current_user""";

  private final Duration timeout;

  /** A probe with {@link #DEFAULT_TIMEOUT}. */
  public JdbcIntegrationProbe() {
    this(DEFAULT_TIMEOUT);
  }

  /** A probe whose connect, login and socket timeouts are {@code timeout} (at least 1 s). */
  public JdbcIntegrationProbe(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    this.timeout = timeout.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : timeout;
  }

  @Override
  public IntegrationTestReport probe(Integration integration, SecretValue connectorPassword) {
    return switch (integration.location()) {
      case DatabaseLocation.RdsInstance rds -> new IntegrationTestReport(integration.name(), false, "",
          List.of(new Check("location", false, "RDS instance " + rds.instanceId() + " in "
              + rds.region() + ": RDS endpoints are resolved in a later release;"
              + " use a host and port location for now")));
      case DatabaseLocation.HostPort hostPort -> probe(integration, hostPort, connectorPassword);
    };
  }

  private IntegrationTestReport probe(
      Integration integration, DatabaseLocation.HostPort location, SecretValue password) {
    String secret = password.reveal();
    List<Check> databaseChecks = new ArrayList<>();
    Optional<RoleFacts> facts = Optional.empty();
    String firstError = "";
    for (String database : integration.databases()) {
      try (Connection c = connect(integration, location, database, secret)) {
        if (facts.isEmpty()) {
          facts = Optional.of(roleFacts(c));
        }
        databaseChecks.add(new Check("database:" + database, true, "connected"));
      } catch (SQLException | RuntimeException e) {
        String detail = describe(e, secret);
        if (firstError.isEmpty()) {
          firstError = detail;
        }
        databaseChecks.add(new Check("database:" + database, false, detail));
      }
    }
    String target = location.host() + ":" + location.port() + " as " + integration.connector().user()
        + " (sslmode " + integration.sslMode().wireName() + ")";
    List<Check> checks = new ArrayList<>();
    String version = "";
    if (facts.isEmpty()) {
      checks.add(new Check("connect", false, target + ": " + firstError));
    } else {
      RoleFacts f = facts.get();
      version = f.serverVersion();
      checks.add(new Check("connect", true, "connected to " + target));
      checks.add(new Check("server_version", true, f.serverVersion()));
      checks.add(new Check("superuser", true, yesNo(f.superuser())));
      checks.add(new Check("createrole", true, yesNo(f.createRole())));
      checks.add(new Check("rds_superuser", true, f.rdsSuperuser() ? "member" : "not a member"));
      boolean canCreate = f.superuser() || f.createRole();
      checks.add(new Check("can_create_roles", canCreate, canCreate
          ? "yes"
          : "no: grant CREATEROLE to " + integration.connector().user()));
      checks.add(new Check("pg_read_all_data", true, exists(f.readAllData())));
      checks.add(new Check("pg_write_all_data", true, exists(f.writeAllData())));
    }
    checks.addAll(databaseChecks);
    boolean ok = checks.stream().allMatch(Check::ok);
    return new IntegrationTestReport(integration.name(), ok, version, checks);
  }

  private Connection connect(
      Integration integration, DatabaseLocation.HostPort location, String database, String password)
      throws SQLException {
    String host = location.host().contains(":") ? "[" + location.host() + "]" : location.host();
    String url = "jdbc:postgresql://" + host + ":" + location.port() + "/"
        + URLEncoder.encode(database, StandardCharsets.UTF_8);
    Properties props = new Properties();
    props.setProperty("user", integration.connector().user());
    props.setProperty("password", password);
    props.setProperty("sslmode", sslMode(integration.sslMode()));
    if (!integration.caFile().isEmpty()) {
      props.setProperty("sslrootcert", integration.caFile());
    } else if (integration.sslMode() == SslMode.VERIFY_CA || integration.sslMode() == SslMode.VERIFY_FULL) {
      // No CA file: verify against the JVM's trust store rather than ~/.postgresql/root.crt.
      props.setProperty("sslfactory", "org.postgresql.ssl.DefaultJavaSSLFactory");
    }
    props.setProperty("gssEncMode", "disable");
    String seconds = Long.toString(timeout.toSeconds());
    props.setProperty("connectTimeout", seconds);
    props.setProperty("loginTimeout", seconds);
    props.setProperty("socketTimeout", seconds);
    props.setProperty("ApplicationName", "jitgate-probe");
    Connection connection = new org.postgresql.Driver().connect(url, props);
    if (connection == null) {
      throw new SQLException("the PostgreSQL driver did not accept the connection URL");
    }
    return connection;
  }

  private static String sslMode(SslMode mode) {
    return switch (mode) {
      case DISABLE -> "disable";
      case ALLOW -> "allow";
      case PREFER -> "prefer";
      case REQUIRE -> "require";
      case VERIFY_CA -> "verify-ca";
      case VERIFY_FULL -> "verify-full";
    };
  }

  private static RoleFacts roleFacts(Connection c) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(ROLE_FACTS)) {
      if (!rs.next()) {
        throw new SQLException("the connector role is not visible in pg_roles");
      }
      return new RoleFacts(rs.getString(1), rs.getBoolean(2), rs.getBoolean(3), rs.getBoolean(4),
          rs.getBoolean(5), rs.getBoolean(6));
    }
  }

  /** The exception's message with the password masked should a driver ever echo it. */
  static String describe(Exception e, String password) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    if (e instanceof SQLException sql && sql.getSQLState() != null) {
      message = message + " (SQLSTATE " + sql.getSQLState() + ")";
    }
    if (!password.isEmpty()) {
      message = message.replace(password, "<redacted>");
    }
    return message;
  }

  private static String yesNo(boolean value) {
    return value ? "yes" : "no";
  }

  private static String exists(boolean value) {
    return value ? "exists" : "missing (needs PostgreSQL 14+)";
  }

  private record RoleFacts(
      String serverVersion, boolean superuser, boolean createRole, boolean rdsSuperuser,
      boolean readAllData, boolean writeAllData) {}
}
