package dev.jitgate.proxy.config;

import java.util.Objects;

/**
 * Where the proxy listens and how it talks TLS to clients.
 *
 * @param host address to bind ({@code 0.0.0.0} for all)
 * @param port TCP port ({@code 0} picks a free one, for tests)
 * @param tls client-facing TLS
 */
public record ListenerConfig(String host, int port, ClientTlsConfig tls) {
  public ListenerConfig {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(tls, "tls");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("listener.port must be between 0 and 65535");
    }
  }
}
