package dev.jitgate.app.config;

/**
 * The {@code metrics} section: where the Prometheus endpoint listens, or off.
 *
 * @param enabled false when {@code metrics.listen} is {@code off}
 * @param host address to bind (ignored when disabled)
 * @param port TCP port, 0 for any free port (ignored when disabled)
 */
public record MetricsConfig(boolean enabled, String host, int port) {

  /** {@code 127.0.0.1:9187}. */
  public static final MetricsConfig DEFAULTS = new MetricsConfig(true, "127.0.0.1", 9187);

  /** No metrics endpoint. */
  public static final MetricsConfig OFF = new MetricsConfig(false, "", 0);

  public MetricsConfig {
    if (enabled && (host == null || host.isBlank() || port < 0 || port > 65535)) {
      throw new IllegalArgumentException("metrics.listen needs a host and a port between 0 and 65535");
    }
  }
}
