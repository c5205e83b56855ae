package dev.jitgate.app.config;

import java.util.Objects;
import java.util.Optional;

/**
 * The whole, validated configuration file. Secrets inside are {@link dev.jitgate.proxy.config.Secret}s
 * and SCRAM verifiers, whose {@code toString()} redacts them, so this record can be logged.
 *
 * <p>Which roles a file configures: the admin role when it has an {@code admin} key, the auditor role when it
 * has an {@code auditor} key, the proxy role when it has a {@code proxy} key or neither of the others (so a file
 * written for the proxy alone keeps meaning exactly that).
 *
 * @param proxy the proxy role, when configured
 * @param admin the admin API role, when configured
 * @param auditor the auditor role, when configured
 * @param store the control-plane state store (SQLite by default)
 * @param metrics the Prometheus endpoint
 * @param logging log level and format
 */
public record JitgateConfig(
    Optional<ProxyRoleConfig> proxy, Optional<AdminRoleConfig> admin, Optional<AuditorRoleConfig> auditor,
    StoreConfig store, MetricsConfig metrics, LoggingConfig logging) {
  public JitgateConfig {
    Objects.requireNonNull(proxy, "proxy");
    Objects.requireNonNull(admin, "admin");
    Objects.requireNonNull(auditor, "auditor");
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(metrics, "metrics");
    Objects.requireNonNull(logging, "logging");
  }

  /** A configuration without an auditor role. */
  public JitgateConfig(Optional<ProxyRoleConfig> proxy, Optional<AdminRoleConfig> admin, StoreConfig store,
      MetricsConfig metrics, LoggingConfig logging) {
    this(proxy, admin, Optional.empty(), store, metrics, logging);
  }
}
