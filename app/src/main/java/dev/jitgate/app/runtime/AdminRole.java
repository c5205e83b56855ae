package dev.jitgate.app.runtime;

import dev.jitgate.access.service.AccessService;
import dev.jitgate.access.service.IssuedToken;
import dev.jitgate.access.store.AccessStore;
import dev.jitgate.admin.AdminApiServer;
import dev.jitgate.admin.AdminApiSettings;
import dev.jitgate.admin.OidcSettings;
import dev.jitgate.admin.ProxyEndpoint;
import dev.jitgate.app.config.AdminRoleConfig;
import dev.jitgate.app.outbox.AdminEventSink;
import dev.jitgate.app.outbox.OutboxDrainer;
import dev.jitgate.auditor.store.AuditStore;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin role of one process: opens the control-plane store (Flyway migrates it), builds the access
 * service, creates the bootstrap admin on first start, serves the admin API (with {@code /metrics}) and
 * sweeps expired requests and grants every second; shuts down in reverse order. With {@link AdminAudit} it also
 * opens the audit store for search and drains the control plane's outbox into an auditor
 * ({@link OutboxDrainer}).
 */
public final class AdminRole {

  private static final Logger log = LoggerFactory.getLogger(AdminRole.class);

  /** How often pending requests are expired and ended grants closed. */
  public static final Duration SWEEP_INTERVAL = Duration.ofSeconds(1);

  /**
   * What a start produced.
   *
   * @param baseUri where the admin API listens, e.g. {@code http://127.0.0.1:8080}
   * @param bootstrapToken the bootstrap admin's token when it was created by this start; its secret is to be
   *     shown once (unless it came from the environment)
   */
  public record Started(URI baseUri, Optional<IssuedToken> bootstrapToken) {
    @Override
    public String toString() {
      return "Started[baseUri=" + baseUri + ", bootstrapToken=" + bootstrapToken.isPresent() + "]";
    }
  }

  private final AdminRoleConfig config;
  private final SharedStore sharedStore;
  private final Function<AccessStore, AccessService> services;
  private final Optional<String> presetBootstrapToken;
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final CountDownLatch stopRequested = new CountDownLatch(1);
  private AccessStore store;
  private AccessService service;
  private AdminApiServer server;
  private Sweeper sweeper;
  private final AdminAudit audit;
  private AuditStore auditStore;
  private OutboxDrainer drainer;

  /**
   * @param config the {@code admin} section
   * @param store the process's control-plane store (acquired at start, released at shutdown)
   * @param services builds the access service over the opened store
   * @param presetBootstrapToken {@code JITGATE_BOOTSTRAP_TOKEN}, when set
   */
  public AdminRole(AdminRoleConfig config, SharedStore store, Function<AccessStore, AccessService> services,
      Optional<String> presetBootstrapToken) {
    this(config, store, services, presetBootstrapToken, AdminAudit.NONE);
  }

  /**
   * @param config the {@code admin} section
   * @param store the process's control-plane store (acquired at start, released at shutdown)
   * @param services builds the access service over the opened store
   * @param presetBootstrapToken {@code JITGATE_BOOTSTRAP_TOKEN}, when set
   * @param audit the audit store to search and where admin actions are delivered
   */
  public AdminRole(AdminRoleConfig config, SharedStore store, Function<AccessStore, AccessService> services,
      Optional<String> presetBootstrapToken, AdminAudit audit) {
    this.audit = Objects.requireNonNull(audit, "audit");
    this.config = config;
    this.sharedStore = store;
    this.services = services;
    this.presetBootstrapToken = presetBootstrapToken;
  }

  /**
   * Opens the store, bootstraps the admin, starts the API and the sweeper. On failure, releases what was
   * started and rethrows.
   */
  public Started start() {
    try {
      store = sharedStore.acquire();
      service = services.apply(store);
      Optional<IssuedToken> bootstrap = service.bootstrapAdmin(config.bootstrapAdmin(), presetBootstrapToken);
      bootstrap.ifPresent(t -> log.info("created the bootstrap admin \"{}\" (token id {})", t.token().principal(),
          t.token().id()));
      bindJvmMetrics();
      if (audit.store().isPresent()) {
        auditStore = audit.store().get().acquire();
        log.info("audit store for search: {}", audit.store().get().path());
      }
      server = auditStore == null ? AdminApiServer.start(settings(config), service, store, registry)
          : AdminApiServer.start(settings(config), service, store, registry, auditStore);
      sweeper = Sweeper.start(service, SWEEP_INTERVAL);
      if (audit.outbox().isPresent()) {
        drainer = OutboxDrainer.start(store, audit.outbox().get(), audit.producer(), OutboxDrainer.Settings.DEFAULTS);
      } else {
        log.warn("admin actions are not delivered to an auditor: they wait in the outbox (set admin.audit.auditor)");
      }
      log.info("admin API on {} (store: {})", server.baseUri(), AccessStores.describe(sharedStore.config()));
      return new Started(server.baseUri(), bootstrap);
    } catch (RuntimeException e) {
      shutdown();
      throw e;
    }
  }

  /** Asks the role to stop; {@link #awaitStopRequest()} returns. Safe from any thread, e.g. a signal handler. */
  public void requestStop() {
    stopRequested.countDown();
  }

  /** Blocks until {@link #requestStop()} was called. */
  public void awaitStopRequest() throws InterruptedException {
    stopRequested.await();
  }

  /** The access service over the store, once started (e.g. for {@code jitgate demo} to set up its data). */
  public AccessService service() {
    if (service == null) {
      throw new IllegalStateException("the admin role is not started");
    }
    return service;
  }

  /** The audit store the admin API searches, once started with one. */
  public Optional<AuditStore> auditStore() {
    return Optional.ofNullable(auditStore);
  }

  /** The outbox drainer, once started with one. */
  public Optional<OutboxDrainer> drainer() {
    return Optional.ofNullable(drainer);
  }

  /**
   * Stops sweeping and draining (unacknowledged admin actions stay in the outbox), stops the API (in-flight
   * requests finish), releases the stores.
   */
  public void shutdown() {
    if (sweeper != null) {
      sweeper.close();
      sweeper = null;
    }
    if (drainer != null) {
      drainer.close();
      drainer = null;
    } else {
      audit.outbox().ifPresent(AdminEventSink::close);
    }
    if (server != null) {
      server.close();
      server = null;
    }
    if (store != null) {
      store = null;
      service = null;
      sharedStore.release();
    }
    if (auditStore != null) {
      auditStore = null;
      audit.store().orElseThrow().release();
    }
    registry.close();
    log.info("admin role stopped");
  }

  static AdminApiSettings settings(AdminRoleConfig config) {
    return new AdminApiSettings(config.host(), config.port(), config.maxBodyBytes(),
        config.oidc().map(o -> new OidcSettings(o.issuer(), o.jwksUri(), o.audience(), o.principalClaim(),
            o.groupsClaim(), o.groupMapping())),
        config.proxyEndpoint().map(p -> new ProxyEndpoint(p.host(), p.port(), p.sslMode())));
  }

  private void bindJvmMetrics() {
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
  }
}
