package dev.jitgate.app.config;

import java.util.Optional;

/**
 * An address written as {@code host:port} ({@code [::1]:7070} for IPv6).
 *
 * @param host the host, without brackets
 * @param port the port, 0..65535
 */
record HostPort(String host, int port) {

  /** Reads {@code key}; the default when it is not set, empty (with an error reported) when it is malformed. */
  static Optional<HostPort> read(ConfigNode key, String defaultHost, int defaultPort) {
    Optional<String> text = key.text().map(String::strip);
    if (text.isEmpty()) {
      return Optional.of(new HostPort(defaultHost, defaultPort));
    }
    String value = text.get();
    int colon = value.lastIndexOf(':');
    String host = colon > 0 ? value.substring(0, colon) : "";
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port = -1;
    try {
      port = colon > 0 ? Integer.parseInt(value.substring(colon + 1)) : -1;
    } catch (NumberFormatException e) {
      // reported below
    }
    if (host.isBlank() || port < 0 || port > 65535 || host.chars().anyMatch(c -> c <= ' ' || c == '/')) {
      key.error("\"" + value + "\" is not host:port (e.g. " + defaultHost + ":" + defaultPort + ", [::1]:"
          + defaultPort + ")");
      return Optional.empty();
    }
    return Optional.of(new HostPort(host, port));
  }
}
