package dev.jitgate.app.config;

import dev.jitgate.proxy.audit.AuditSettings;
import dev.jitgate.proxy.config.ProxyConfig;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code proxy} section: the proxy module's configuration plus how the app runs it.
 *
 * @param proxy what the proxy module needs (its users and routes are empty in grant mode)
 * @param workerThreads Netty event loop threads for sessions, 0 for one per processor
 * @param access static users and routes, or grant-checked logins
 * @param audit how sessions are audited ({@code proxy.audit}); empty: not audited
 */
public record ProxyRoleConfig(ProxyConfig proxy, int workerThreads, ProxyAccess access,
    Optional<AuditSettings> audit) {
  public ProxyRoleConfig {
    Objects.requireNonNull(proxy, "proxy");
    Objects.requireNonNull(access, "access");
    Objects.requireNonNull(audit, "audit");
    if (workerThreads < 0) {
      throw new IllegalArgumentException("proxy.worker-threads must not be negative");
    }
  }

  /** A proxy without audit. */
  public ProxyRoleConfig(ProxyConfig proxy, int workerThreads, ProxyAccess access) {
    this(proxy, workerThreads, access, Optional.empty());
  }

  /** A static-mode proxy (users and routes from the file) without audit. */
  public ProxyRoleConfig(ProxyConfig proxy, int workerThreads) {
    this(proxy, workerThreads, new ProxyAccess.Static());
  }
}
