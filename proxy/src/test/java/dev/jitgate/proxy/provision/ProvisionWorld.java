package dev.jitgate.proxy.provision;

import dev.jitgate.access.model.SslMode;
import dev.jitgate.pg.scram.ScramVerifier;
import dev.jitgate.proxy.config.Secret;
import dev.jitgate.proxy.testing.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.Properties;
import java.util.UUID;

/**
 * An isolated set-up on the shared {@link TestPostgres} for provisioning tests: its own prefix for jitgate's
 * roles, a connector user and, depending on the {@link Kind}, a database owned by an application role.
 */
final class ProvisionWorld {

  /** How the connector is set up. */
  enum Kind {
    /** A plain CREATEROLE connector that is a member of the application owner of its own database. */
    EXPLICIT,
    /** A CREATEROLE connector holding ADMIN OPTION on pg_read_all_data/pg_write_all_data through an RDS-like role, on appdb. */
    PREDEFINED,
    /** The harness's own connector, {@code jitgate_connector}, on appdb. */
    HARNESS
  }

  final TestPostgres pg;
  final String id;
  final String connector;
  final Secret connectorPassword;
  final String appOwner;
  final Secret appOwnerPassword;
  final String database;
  final ManagedRoleNames names;
  final ConnectorDataSource dataSource;

  private ProvisionWorld(TestPostgres pg, String id, String connector, Secret connectorPassword, String appOwner,
      Secret appOwnerPassword, String database) {
    this.pg = pg;
    this.id = id;
    this.connector = connector;
    this.connectorPassword = connectorPassword;
    this.appOwner = appOwner;
    this.appOwnerPassword = appOwnerPassword;
    this.database = database;
    this.names = ManagedRoleNames.withPrefix("jg" + id);
    this.dataSource = new ConnectorDataSource(ConnectorSettings.of(pg.host(), pg.port(), database, connector,
        connectorPassword.value()::toCharArray, SslMode.VERIFY_FULL, pg.caCertFile()));
  }

  static ProvisionWorld create(TestPostgres pg, Kind kind) throws SQLException {
    String id = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    RolePasswords passwords = new RolePasswords(new SecureRandom());
    return switch (kind) {
      case HARNESS -> new ProvisionWorld(pg, id, pg.admin().user(), new Secret(pg.admin().password()),
          pg.appUser().user(), new Secret(pg.appUser().password()), TestPostgres.APP_DATABASE);
      case PREDEFINED -> {
        String connector = "jgc_" + id;
        Secret password = passwords.next();
        try (Connection su = superuser(pg, "postgres")) {
          exec(su, "CREATE ROLE " + connector + " LOGIN CREATEROLE PASSWORD " + verifier(password));
          exec(su, "CREATE ROLE rds_like_" + id + " NOLOGIN");
          exec(su, "GRANT pg_read_all_data, pg_write_all_data TO rds_like_" + id + " WITH ADMIN OPTION");
          exec(su, "GRANT rds_like_" + id + " TO " + connector);
        }
        yield new ProvisionWorld(pg, id, connector, password, pg.appUser().user(), new Secret(pg.appUser().password()),
            TestPostgres.APP_DATABASE);
      }
      case EXPLICIT -> {
        String connector = "jgc_" + id;
        String owner = "app_" + id;
        String database = "db_" + id;
        Secret password = passwords.next();
        Secret ownerPassword = passwords.next();
        try (Connection su = superuser(pg, "postgres")) {
          exec(su, "CREATE ROLE " + connector + " LOGIN CREATEROLE PASSWORD " + verifier(password));
          exec(su, "CREATE ROLE " + owner + " LOGIN PASSWORD " + verifier(ownerPassword));
          exec(su, "GRANT " + owner + " TO " + connector);
          exec(su, "CREATE DATABASE " + database + " OWNER " + owner);
        }
        yield new ProvisionWorld(pg, id, connector, password, owner, ownerPassword, database);
      }
    };
  }

  Baseline baseline() {
    return new Baseline(names, TransactionRetry.DEFAULT);
  }

  RoleProvisioner provisioner() {
    return new RoleProvisioner(dataSource, names, TransactionRetry.DEFAULT, new SecureRandom(), Clock.systemUTC());
  }

  RoleRevoker revoker() {
    return new RoleRevoker(dataSource, names, TransactionRetry.DEFAULT, Duration.ofSeconds(5));
  }

  Reconciler reconciler() {
    return new Reconciler(dataSource, names, revoker());
  }

  BaselineReport ensureBaseline() throws SQLException {
    try (Connection c = dataSource.open()) {
      return baseline().ensure(c);
    }
  }

  /** A superuser connection to {@code database} (trust authentication), for test set-up and checks. */
  static Connection superuser(TestPostgres pg, String database) throws SQLException {
    return DriverManager.getConnection(
        "jdbc:postgresql://" + pg.host() + ":" + pg.port() + "/" + database + "?user=" + TestPostgres.SUPERUSER);
  }

  Connection superuser() throws SQLException {
    return superuser(pg, database);
  }

  /** Logs in as {@code user} over verify-full TLS. */
  Connection login(String user, Secret password) throws SQLException {
    return login(database, user, password);
  }

  Connection login(String db, String user, Secret password) throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", user);
    properties.setProperty("password", password.value());
    properties.setProperty("connectTimeout", "10");
    return DriverManager.getConnection(pg.verifyFullJdbcUrl(db), properties);
  }

  Connection login(ProvisionedRole role) throws SQLException {
    return login(role.role().value(), role.password());
  }

  /** Runs {@code sql} in {@link #database} as the application owner. */
  void asAppOwner(String sql) throws SQLException {
    try (Connection c = login(appOwner, appOwnerPassword)) {
      exec(c, sql);
    }
  }

  static void exec(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  static String string(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
      return rs.next() ? rs.getString(1) : null;
    }
  }

  String superuserString(String sql) throws SQLException {
    try (Connection c = superuser()) {
      return string(c, sql);
    }
  }

  String serverLog() throws java.io.IOException {
    Path log = pg.logFile();
    return Files.readString(log, java.nio.charset.StandardCharsets.ISO_8859_1); // ASCII searches; other tests may log any bytes
  }

  /** A SCRAM verifier literal, so that test passwords never reach the server log either. */
  static String verifier(Secret password) {
    return "'" + ScramVerifier.generate(password.value(), new SecureRandom()).format() + "'";
  }
}
