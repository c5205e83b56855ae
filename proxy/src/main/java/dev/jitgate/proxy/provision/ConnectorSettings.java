package dev.jitgate.proxy.provision;

import dev.jitgate.access.model.SslMode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * How jitgate logs in as an integration's connector user. The password is fetched from {@code password} for
 * each new connection (so a rotated secret is picked up) and never shown by {@link #toString()}.
 *
 * @param host            server host name or address
 * @param port            server port, 1..65535
 * @param database        the database administrative statements run in (roles are cluster-wide)
 * @param user            the connector's role name
 * @param password        supplies the connector's password; the returned array is wiped after use
 * @param sslMode         libpq-style sslmode
 * @param sslRootCert     PEM CA bundle for {@code verify-ca}/{@code verify-full}; null for the JVM's trust store
 * @param connectTimeout  TCP connect and login timeout
 * @param socketTimeout   read timeout on an open connection; longer than any statement jitgate runs
 * @param lockTimeout     {@code lock_timeout} for the connector's sessions, so DDL never queues forever
 */
public record ConnectorSettings(
    String host,
    int port,
    String database,
    String user,
    Supplier<char[]> password,
    SslMode sslMode,
    Path sslRootCert,
    Duration connectTimeout,
    Duration socketTimeout,
    Duration lockTimeout) {

  public ConnectorSettings {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("host must not be empty");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port must be between 1 and 65535");
    }
    Sql.checkIdentifier("database", database);
    Sql.checkIdentifier("user", user);
    Objects.requireNonNull(password, "password");
    Objects.requireNonNull(sslMode, "sslMode");
    positive("connectTimeout", connectTimeout);
    positive("socketTimeout", socketTimeout);
    positive("lockTimeout", lockTimeout);
  }

  /** Settings with jitgate's default timeouts: 10 s connect, 60 s socket, 5 s lock. */
  public static ConnectorSettings of(String host, int port, String database, String user, Supplier<char[]> password,
      SslMode sslMode, Path sslRootCert) {
    return new ConnectorSettings(host, port, database, user, password, sslMode, sslRootCert, Duration.ofSeconds(10),
        Duration.ofSeconds(60), Duration.ofSeconds(5));
  }

  private static void positive(String field, Duration value) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(field + " must be positive");
    }
  }

  @Override
  public String toString() {
    return "ConnectorSettings[" + user + "@" + host + ":" + port + "/" + database + ", sslmode=" + sslMode.wireName()
        + ", password=<redacted>]";
  }
}
