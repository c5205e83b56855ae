package dev.jitgate.admin;

import java.util.Objects;
import java.util.Optional;

/**
 * How the admin API listens and whom it trusts.
 *
 * @param host the address to bind, e.g. {@code 0.0.0.0} or {@code 127.0.0.1}
 * @param port the TCP port, 0 for an ephemeral one (see {@link AdminApiServer#port()})
 * @param maxBodyBytes the largest request body accepted; larger ones get 413
 * @param oidc OIDC JWT verification, when configured; API tokens work either way
 * @param proxyEndpoint where engineers reach the proxy, used for the connection details in
 *     credential responses; without it those details are left out
 */
public record AdminApiSettings(
    String host, int port, long maxBodyBytes, Optional<OidcSettings> oidc,
    Optional<ProxyEndpoint> proxyEndpoint) {

  /** The default body limit: 1 MiB. */
  public static final long DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

  public AdminApiSettings {
    Objects.requireNonNull(host, "host");
    if (host.isBlank()) {
      throw new IllegalArgumentException("host must not be blank");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be between 0 and 65535");
    }
    if (maxBodyBytes < 1) {
      throw new IllegalArgumentException("maxBodyBytes must be positive");
    }
    oidc = oidc == null ? Optional.empty() : oidc;
    proxyEndpoint = proxyEndpoint == null ? Optional.empty() : proxyEndpoint;
  }

  /** Settings bound to {@code host:port} with the default body limit, no OIDC and no proxy endpoint. */
  public static AdminApiSettings of(String host, int port) {
    return new AdminApiSettings(host, port, DEFAULT_MAX_BODY_BYTES, Optional.empty(), Optional.empty());
  }
}
