package dev.jitgate.admin;

import java.util.Objects;
import java.util.Set;

/**
 * Where engineers reach the jitgate proxy, as shown in credential responses.
 *
 * @param host the public host name of the proxy
 * @param port its port
 * @param sslMode the libpq {@code sslmode} engineers should use, e.g. {@code verify-full}
 */
public record ProxyEndpoint(String host, int port, String sslMode) {
  private static final Set<String> SSL_MODES =
      Set.of("disable", "allow", "prefer", "require", "verify-ca", "verify-full");

  public ProxyEndpoint {
    Objects.requireNonNull(host, "host");
    if (host.isBlank() || host.chars().anyMatch(c -> c <= ' ' || c == '"' || c == '\'' || c == '\\')) {
      throw new IllegalArgumentException("host must be a host name or address");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port must be between 1 and 65535");
    }
    sslMode = sslMode == null || sslMode.isBlank() ? "verify-full" : sslMode;
    if (!SSL_MODES.contains(sslMode)) {
      throw new IllegalArgumentException("sslMode must be one of " + SSL_MODES);
    }
  }
}
