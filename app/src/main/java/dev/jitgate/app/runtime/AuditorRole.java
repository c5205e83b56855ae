package dev.jitgate.app.runtime;

import dev.jitgate.app.config.AuditorRoleConfig;
import dev.jitgate.app.config.MetricsConfig;
import dev.jitgate.audit.event.AuditEventJson;
import dev.jitgate.auditor.http.AuditorServer;
import dev.jitgate.auditor.http.IngestMetrics;
import dev.jitgate.auditor.http.AuditorSettings;
import dev.jitgate.auditor.ingest.IngestProcessor;
import dev.jitgate.auditor.store.AuditStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The auditor role of one process: acquires the audit store, serves {@code POST /v1/events} over an
 * {@link IngestProcessor}, and (when asked) the metrics endpoint; {@link #shutdown()} stops the server (in-flight
 * batches finish) and then releases the store, which the last user closes.
 */
public final class AuditorRole {

  private static final Logger log = LoggerFactory.getLogger(AuditorRole.class);

  /**
   * What a start produced.
   *
   * @param baseUri where the auditor listens, e.g. {@code http://127.0.0.1:7070}
   * @param metrics the metrics endpoint, when this role serves one
   */
  public record Started(URI baseUri, Optional<InetSocketAddress> metrics) {
    /** The events endpoint, {@code <baseUri>/v1/events}. */
    public URI eventsUri() {
      return baseUri.resolve("/v1/events");
    }
  }

  private final AuditorRoleConfig config;
  private final SharedAuditStore sharedStore;
  private final Optional<MetricsConfig> metricsConfig;
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final MeterRegistry ingestMeters;
  private final CountDownLatch stopRequested = new CountDownLatch(1);
  private final AtomicBoolean serving = new AtomicBoolean();
  private AuditStore store;
  private IngestProcessor processor;
  private AuditorServer server;
  private MetricsServer metrics;

  /**
   * @param config the {@code auditor} section
   * @param store the process's audit store (acquired at start, released at shutdown)
   * @param metrics the metrics endpoint to serve; empty when another role of the process serves it
   */
  public AuditorRole(AuditorRoleConfig config, SharedAuditStore store, Optional<MetricsConfig> metrics) {
    this(config, store, metrics, Optional.empty());
  }

  /**
   * @param config the {@code auditor} section
   * @param store the process's audit store (acquired at start, released at shutdown)
   * @param metrics the metrics endpoint to serve; empty when another role of the process serves it
   * @param servedElsewhere the registry of the role that serves the process's metrics endpoint, which then
   *     carries the auditor's ingest meters too; empty to keep them in this role's own registry
   */
  public AuditorRole(AuditorRoleConfig config, SharedAuditStore store, Optional<MetricsConfig> metrics,
      Optional<MeterRegistry> servedElsewhere) {
    this.config = Objects.requireNonNull(config, "config");
    this.sharedStore = Objects.requireNonNull(store, "store");
    this.metricsConfig = Objects.requireNonNull(metrics, "metrics");
    this.ingestMeters = Objects.requireNonNull(servedElsewhere, "servedElsewhere").orElse(registry);
  }

  /** Opens the store and starts the ingest endpoint; on failure, releases what was started and rethrows. */
  public Started start() throws IOException {
    try {
      store = sharedStore.acquire();
      processor = new IngestProcessor(store, new AuditEventJson(), config.name());
      server = AuditorServer.start(new AuditorSettings(config.host(), config.port(), config.ingestTokenHashes(),
          config.maxBodyBytes(), config.maxDecompressedBytes()), processor, new IngestMetrics(ingestMeters));
      Optional<InetSocketAddress> metricsAddress = startMetrics();
      serving.set(true);
      URI base = URI.create("http://" + hostForUri(config.host()) + ":" + server.port());
      log.info("auditor {} ingesting on {}/v1/events into {}; its alert events go to session {}", config.name(), base,
          sharedStore.path(), processor.alertSession());
      return new Started(base, metricsAddress);
    } catch (IOException | RuntimeException e) {
      shutdown();
      throw e;
    }
  }

  private Optional<InetSocketAddress> startMetrics() throws IOException {
    if (metricsConfig.isEmpty() || !metricsConfig.get().enabled()) {
      return Optional.empty();
    }
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    MetricsConfig settings = metricsConfig.get();
    metrics = MetricsServer.start(new InetSocketAddress(settings.host(), settings.port()), registry, serving::get);
    log.info("metrics on http://{}:{}/metrics", settings.host(), metrics.address().getPort());
    return Optional.of(metrics.address());
  }

  /** The ingest processor, once started (e.g. for the admin outbox drainer of the same process). */
  public IngestProcessor processor() {
    if (processor == null) {
      throw new IllegalStateException("the auditor role is not started");
    }
    return processor;
  }

  /** Asks the role to stop; {@link #awaitStopRequest()} returns. Safe from any thread. */
  public void requestStop() {
    stopRequested.countDown();
  }

  /** Blocks until {@link #requestStop()} was called. */
  public void awaitStopRequest() throws InterruptedException {
    stopRequested.await();
  }

  /** Stops the ingest endpoint, releases the store, closes the metrics endpoint. Safe to call more than once. */
  public void shutdown() {
    serving.set(false);
    try {
      if (server != null) {
        AuditorServer running = server;
        server = null;
        running.close();
      }
    } finally {
      processor = null;
      if (store != null) {
        store = null;
        sharedStore.release();
      }
      if (metrics != null) {
        metrics.close();
        metrics = null;
      }
      registry.close();
    }
    log.info("auditor role stopped");
  }

  private static String hostForUri(String host) {
    String h = host.equals("0.0.0.0") ? "127.0.0.1" : host.equals("::") ? "::1" : host;
    return h.contains(":") ? "[" + h + "]" : h;
  }
}
