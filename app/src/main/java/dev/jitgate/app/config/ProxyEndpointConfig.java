package dev.jitgate.app.config;

import java.util.Objects;

/**
 * {@code admin.proxy-endpoint}: the public address of the proxy, put into the psql connection string of
 * issued grant credentials.
 *
 * @param host the host name engineers connect to
 * @param port its port
 * @param sslMode the libpq {@code sslmode} to advertise
 */
public record ProxyEndpointConfig(String host, int port, String sslMode) {

  public static final int DEFAULT_PORT = 6432;
  public static final String DEFAULT_SSLMODE = "verify-full";

  public ProxyEndpointConfig {
    Objects.requireNonNull(host, "host");
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("admin.proxy-endpoint.port must be between 1 and 65535");
    }
    Objects.requireNonNull(sslMode, "sslMode");
  }
}
