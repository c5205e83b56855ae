package dev.jitgate.proxy.provision;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Properties;
import org.postgresql.Driver;
import org.postgresql.PGProperty;

/**
 * Opens pgjdbc connections as the connector user ({@link ConnectorSettings}). The password goes only into the
 * driver's properties for the duration of the login, never into the URL or a log line. Connections are not
 * pooled: provisioning is rare and each call holds its connection only for a few statements.
 */
public final class ConnectorDataSource {

  private static final String APPLICATION_NAME = "jitgate-connector";

  private final ConnectorSettings settings;
  private final Driver driver = new Driver();

  public ConnectorDataSource(ConnectorSettings settings) {
    this.settings = settings;
  }

  public ConnectorSettings settings() {
    return settings;
  }

  /** A connection to the settings' administrative database, in autocommit mode. */
  public Connection open() throws SQLException {
    return open(settings.database());
  }

  /** A connection to {@code database}, in autocommit mode. */
  public Connection open(String database) throws SQLException {
    Sql.checkIdentifier("database", database);
    Properties properties = new Properties();
    PGProperty.USER.set(properties, settings.user());
    PGProperty.SSL_MODE.set(properties, settings.sslMode().wireName());
    if (settings.sslRootCert() != null) {
      PGProperty.SSL_ROOT_CERT.set(properties, settings.sslRootCert().toAbsolutePath().toString());
    }
    PGProperty.CONNECT_TIMEOUT.set(properties, seconds(settings.connectTimeout().toMillis()));
    PGProperty.LOGIN_TIMEOUT.set(properties, seconds(settings.connectTimeout().toMillis()));
    PGProperty.SOCKET_TIMEOUT.set(properties, seconds(settings.socketTimeout().toMillis()));
    PGProperty.APPLICATION_NAME.set(properties, APPLICATION_NAME);
    PGProperty.OPTIONS.set(properties, "-c lock_timeout=" + settings.lockTimeout().toMillis());
    char[] password = settings.password().get();
    try {
      PGProperty.PASSWORD.set(properties, new String(password));
      Connection connection = driver.connect(url(database), properties);
      if (connection == null) {
        throw new SQLException("pgjdbc refused the connector URL");
      }
      return connection;
    } finally {
      Arrays.fill(password, '\0');
      properties.remove(PGProperty.PASSWORD.getName());
    }
  }

  private String url(String database) {
    String host = settings.host().contains(":") ? "[" + settings.host() + "]" : settings.host();
    String db = URLEncoder.encode(database, StandardCharsets.UTF_8).replace("+", "%20");
    return "jdbc:postgresql://" + host + ":" + settings.port() + "/" + db;
  }

  private static int seconds(long millis) {
    return (int) Math.max(1, (millis + 999) / 1000);
  }

  @Override
  public String toString() {
    return "ConnectorDataSource[" + settings + "]";
  }
}
