package dev.jitgate.app.runtime;

import dev.jitgate.app.config.Durations;
import dev.jitgate.app.config.JitgateConfig;
import dev.jitgate.app.config.MetricsConfig;
import dev.jitgate.app.config.ProxyRoleConfig;
import dev.jitgate.proxy.ProxyAssembly;
import dev.jitgate.proxy.auth.StaticCredentials;
import dev.jitgate.proxy.config.ProxyConfig;
import dev.jitgate.proxy.server.ProxyServer;
import dev.jitgate.proxy.upstream.StaticRoutes;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The proxy role of one process: the PostgreSQL listener plus the metrics endpoint, started together
 * and shut down gracefully (stop accepting, drain sessions up to {@code limits.shutdown-grace}).
 */
public final class ProxyRole {

  private static final Logger log = LoggerFactory.getLogger(ProxyRole.class);

  private final JitgateConfig config;
  private final ProxyRoleConfig proxyRole;
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final CountDownLatch stopRequested = new CountDownLatch(1);
  private final AtomicBoolean serving = new AtomicBoolean();
  private ProxyServer server;
  private MetricsServer metrics;

  /** A proxy role for {@code config}, which must configure one ({@code proxy} section). */
  public ProxyRole(JitgateConfig config) {
    this.config = config;
    this.proxyRole = config.proxy()
        .orElseThrow(() -> new IllegalArgumentException("the configuration has no proxy section"));
  }

  /** Binds the metrics endpoint and the proxy listener; on failure, releases what was started and rethrows. */
  public RunningEndpoints start() throws IOException, InterruptedException {
    try {
      bindJvmMetrics();
      Optional<InetSocketAddress> metricsAddress = startMetrics(config.metrics());
      ProxyConfig proxy = proxyRole.proxy();
      server = ProxyAssembly.assemble(proxy, registry, new StaticCredentials(proxy.users()),
          new StaticRoutes(proxy.routes()), ProxyServer.Transport.best(), proxyRole.workerThreads());
      InetSocketAddress address = server.start();
      serving.set(true);
      return new RunningEndpoints(address, metricsAddress);
    } catch (IOException | InterruptedException | RuntimeException e) {
      shutdown();
      throw e;
    }
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

  /** Stops accepting, drains sessions up to the configured grace, then closes the metrics endpoint. */
  public void shutdown() throws InterruptedException {
    serving.set(false);
    Duration grace = proxyRole.proxy().limits().shutdownGrace();
    try {
      if (server != null) {
        log.info("shutting down: draining {} connection(s) for up to {}", server.openConnections(),
            Durations.format(grace));
        server.shutdown(grace);
      }
    } finally {
      if (metrics != null) {
        metrics.close();
      }
      registry.close();
    }
    log.info("shutdown complete");
  }
}
