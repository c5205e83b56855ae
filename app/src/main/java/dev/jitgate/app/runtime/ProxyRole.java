package dev.jitgate.app.runtime;

import dev.jitgate.access.secret.DefaultSecretResolver;
import dev.jitgate.access.store.AccessStore;
import dev.jitgate.app.config.Durations;
import dev.jitgate.app.config.JitgateConfig;
import dev.jitgate.app.config.MetricsConfig;
import dev.jitgate.app.config.ProxyAccess;
import dev.jitgate.app.config.ProxyRoleConfig;
import dev.jitgate.proxy.JitProxy;
import dev.jitgate.proxy.JitSettings;
import dev.jitgate.proxy.ProxyAssembly;
import dev.jitgate.proxy.audit.AuditSettings;
import dev.jitgate.proxy.auth.StaticCredentials;
import dev.jitgate.proxy.config.ProxyConfig;
import dev.jitgate.proxy.server.ProxyServer;
import dev.jitgate.proxy.upstream.StaticRoutes;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The proxy role of one process: the PostgreSQL listener plus the metrics endpoint, started together
 * and shut down gracefully (stop accepting, drain sessions up to {@code limits.shutdown-grace}).
 *
 * <p>In static mode ({@code proxy.access: static}) logins are checked against {@code proxy.users} and routed by
 * {@code proxy.routes}. In grant mode the role acquires the process's control-plane store and runs a
 * {@link JitProxy} over it (grant-checked logins, a role per grant, revocation, reconciler); connector secrets
 * ({@code env:}/{@code file:}) are resolved from the process environment. Shutdown closes the proxy first,
 * then releases the store.
 */
public final class ProxyRole {

  private static final Logger log = LoggerFactory.getLogger(ProxyRole.class);

  private final JitgateConfig config;
  private final ProxyRoleConfig proxyRole;
  private final SharedStore store;
  private final Map<String, String> environment;
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final CountDownLatch stopRequested = new CountDownLatch(1);
  private final AtomicBoolean serving = new AtomicBoolean();
  private ProxyServer server;
  private JitProxy jitProxy;
  private boolean storeAcquired;
  private MetricsServer metrics;

  /**
   * A proxy role for {@code config}, which must configure one ({@code proxy} section).
   *
   * @param store the process's control-plane store; grant mode acquires it at start and releases it at shutdown
   * @param environment where {@code env:} connector secrets are read (the process environment)
   */
  public ProxyRole(JitgateConfig config, SharedStore store, Map<String, String> environment) {
    this.config = config;
    this.proxyRole = config.proxy()
        .orElseThrow(() -> new IllegalArgumentException("the configuration has no proxy section"));
    this.store = Objects.requireNonNull(store, "store");
    this.environment = Map.copyOf(environment);
  }

  /** The registry this role serves on its metrics endpoint; other roles of the process may add meters to it. */
  public MeterRegistry registry() {
    return registry;
  }

  /** Binds the metrics endpoint and the proxy listener; on failure, releases what was started and rethrows. */
  public RunningEndpoints start() throws IOException, InterruptedException {
    try {
      bindJvmMetrics();
      Optional<InetSocketAddress> metricsAddress = startMetrics(config.metrics());
      logAudit();
      InetSocketAddress address = switch (proxyRole.access()) {
        case ProxyAccess.Static s -> startStatic(proxyRole.proxy());
        case ProxyAccess.Grants g -> startGrants(proxyRole.proxy(), g.settings());
      };
      serving.set(true);
      return new RunningEndpoints(address, metricsAddress);
    } catch (IOException | InterruptedException | RuntimeException e) {
      shutdown();
      throw e;
    }
  }

  private InetSocketAddress startStatic(ProxyConfig proxy) throws IOException, InterruptedException {
    server = ProxyAssembly.assemble(proxy, registry, new StaticCredentials(proxy.users()),
        new StaticRoutes(proxy.routes()), ProxyServer.Transport.best(), proxyRole.workerThreads(),
        proxyRole.audit().orElse(null));
    return server.start();
  }

  private InetSocketAddress startGrants(ProxyConfig proxy, JitSettings settings)
      throws IOException, InterruptedException {
    AccessStore accessStore = store.acquire();
    storeAcquired = true;
    log.info("grant mode: logins checked against grants in {}", AccessStores.describe(store.config()));
    jitProxy = JitProxy.start(proxy, settings, accessStore, new DefaultSecretResolver(environment), registry,
        ProxyServer.Transport.best(), proxyRole.workerThreads(), proxyRole.audit().orElse(null));
    return jitProxy.address();
  }

  private void logAudit() {
    if (proxyRole.audit().isEmpty()) {
      log.warn("audit is off: statements are not recorded (configure proxy.audit)");
      return;
    }
    AuditSettings audit = proxyRole.audit().get();
    log.info("audit on: spool {} (fsync {}), {}{}", audit.spool().directory(), audit.spool().fsync(),
        audit.shipper() == null ? "no delivery (spool only)" : "delivered to " + audit.shipper().endpoint(),
        audit.failClosed() ? ", fail-closed" : "");
  }

  private void bindJvmMetrics() {
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
  }

  private Optional<InetSocketAddress> startMetrics(MetricsConfig settings) throws IOException {
    if (!settings.enabled()) {
      return Optional.empty();
    }
    metrics = MetricsServer.start(new InetSocketAddress(settings.host(), settings.port()), registry, serving::get);
    log.info("metrics on http://{}:{}/metrics", settings.host(), metrics.address().getPort());
    return Optional.of(metrics.address());
  }

  /** Asks the role to stop; {@link #awaitStopRequest()} returns. Safe from any thread, e.g. a signal handler. */
  public void requestStop() {
    stopRequested.countDown();
  }

  /** Blocks until {@link #requestStop()} was called. */
  public void awaitStopRequest() throws InterruptedException {
    stopRequested.await();
  }

  /**
   * Stops accepting, drains sessions up to the configured grace, then (grant mode) stops following grants and
   * releases the store, and closes the metrics endpoint. Safe to call more than once.
   */
  public void shutdown() throws InterruptedException {
    serving.set(false);
    Duration grace = proxyRole.proxy().limits().shutdownGrace();
    try {
      if (jitProxy != null) {
        log.info("shutting down: draining {} connection(s) for up to {}", jitProxy.server().openConnections(),
            Durations.format(grace));
        JitProxy running = jitProxy;
        jitProxy = null;
        running.shutdown(grace);
      }
      if (server != null) {
        log.info("shutting down: draining {} connection(s) for up to {}", server.openConnections(),
            Durations.format(grace));
        ProxyServer running = server;
        server = null;
        running.shutdown(grace);
      }
    } finally {
      if (storeAcquired) {
        storeAcquired = false;
        store.release();
      }
      if (metrics != null) {
        metrics.close();
        metrics = null;
      }
      registry.close();
    }
    log.info("shutdown complete");
  }
}
