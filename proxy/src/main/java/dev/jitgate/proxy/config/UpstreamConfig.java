package dev.jitgate.proxy.config;

import dev.jitgate.proxy.tls.UpstreamSslMode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * A real PostgreSQL server and how the proxy logs in to it.
 *
 * @param host server host name (also checked against its certificate under {@code verify-full})
 * @param port server port
 * @param database database name on the server
 * @param user role the proxy logs in as
 * @param password that role's password, sent only as SCRAM proof, MD5 hash or (if allowed) cleartext
 * @param sslMode libpq-style SSL mode
 * @param sslRootCert CA bundle for {@code verify-ca}/{@code verify-full} (e.g. the RDS bundle); {@code null}
 *     uses the JVM's trust store
 * @param minimumAuth the weakest authentication method the proxy accepts from the server
 * @param connectTimeout TCP connect plus handshake limit
 */
public record UpstreamConfig(
    String host,
    int port,
    String database,
    String user,
    Secret password,
    UpstreamSslMode sslMode,
    Path sslRootCert,
    UpstreamAuthMethod minimumAuth,
    Duration connectTimeout) {

  public UpstreamConfig {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(database, "database");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(sslMode, "sslMode");
    Objects.requireNonNull(minimumAuth, "minimumAuth");
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("upstream port must be between 1 and 65535");
    }
    if (password == null && minimumAuth != UpstreamAuthMethod.TRUST) {
      throw new IllegalArgumentException("upstream password is required unless minimum-auth is trust");
    }
  }
}
