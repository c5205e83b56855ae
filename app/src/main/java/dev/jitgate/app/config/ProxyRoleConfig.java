package dev.jitgate.app.config;

import dev.jitgate.proxy.config.ProxyConfig;
import java.util.Objects;

/**
 * The {@code proxy} section: the proxy module's configuration plus how the app runs it.
 *
 * @param proxy what the proxy module needs
 * @param workerThreads Netty event loop threads, 0 for Netty's default
 */
public record ProxyRoleConfig(ProxyConfig proxy, int workerThreads) {
  public ProxyRoleConfig {
    Objects.requireNonNull(proxy, "proxy");
    if (workerThreads < 0) {
      throw new IllegalArgumentException("proxy.worker-threads must not be negative");
    }
  }
}
