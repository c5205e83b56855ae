package dev.jitgate.app.config;

import java.util.Objects;

/**
 * The whole, validated configuration file. Secrets inside are {@link dev.jitgate.proxy.config.Secret}s
 * and SCRAM verifiers, whose {@code toString()} redacts them, so this record can be logged.
 *
 * @param proxy the proxy role
 * @param metrics the Prometheus endpoint
 * @param logging log level and format
 */
public record JitgateConfig(ProxyRoleConfig proxy, MetricsConfig metrics, LoggingConfig logging) {
  public JitgateConfig {
    Objects.requireNonNull(proxy, "proxy");
    Objects.requireNonNull(metrics, "metrics");
    Objects.requireNonNull(logging, "logging");
  }
}
