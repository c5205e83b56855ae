package dev.jitgate.proxy;

import dev.jitgate.access.secret.SecretResolver;
import dev.jitgate.access.store.AccessStore;
import dev.jitgate.proxy.audit.AuditSettings;
import dev.jitgate.proxy.config.ProxyConfig;
import dev.jitgate.proxy.gate.GrantAccessGate;
import dev.jitgate.proxy.grants.GrantDirectory;
import dev.jitgate.proxy.provision.GrantRevocations;
import dev.jitgate.proxy.provision.IntegrationConnectors;
import dev.jitgate.proxy.provision.RoleReconcileLoop;
import dev.jitgate.proxy.server.ProxyServer;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The just-in-time proxy, wired: engineers log in with grant credentials ({@link GrantAccessGate}), grant
 * state follows the control-plane store ({@link GrantDirectory}), grant roles are provisioned on first use
 * and torn down when grants end ({@link GrantRevocations}), and a reconciler converges roles to grants at
 * start and periodically ({@link RoleReconcileLoop}). The listener, TLS, limits and relay are the ones of
 * {@link ProxyAssembly}; {@code config}'s static users and routes are not used.
 */
public final class JitProxy implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(JitProxy.class);

  private final ProxyServer server;
  private final GrantDirectory directory;
  private final GrantRevocations revocations;
  private final RoleReconcileLoop reconciler;
  private final IntegrationConnectors connectors;
  private final ScheduledExecutorService scheduler;
  private final ExecutorService provisioning;
  private InetSocketAddress address;

  private JitProxy(ProxyServer server, GrantDirectory directory, GrantRevocations revocations,
      RoleReconcileLoop reconciler, IntegrationConnectors connectors, ScheduledExecutorService scheduler,
      ExecutorService provisioning) {
    this.server = server;
    this.directory = directory;
    this.revocations = revocations;
    this.reconciler = reconciler;
    this.connectors = connectors;
    this.scheduler = scheduler;
    this.provisioning = provisioning;
  }

  /**
   * Wires everything and binds the listener. The store stays the caller's (close it after this proxy).
   * Waits up to 30 s for the grant directory's first load so that the first logins see grants.
   */
  public static JitProxy start(ProxyConfig config, JitSettings settings, AccessStore store, SecretResolver secrets,
      MeterRegistry registry, ProxyServer.Transport transport, int workerThreads)
      throws IOException, InterruptedException {
    return start(config, settings, store, secrets, registry, transport, workerThreads, null);
  }

  /** Like the other overload, with the sessions audited per {@code audit} (null: no audit). */
  public static JitProxy start(ProxyConfig config, JitSettings settings, AccessStore store, SecretResolver secrets,
      MeterRegistry registry, ProxyServer.Transport transport, int workerThreads, AuditSettings audit)
      throws IOException, InterruptedException {
    Clock clock = Clock.systemUTC();
    SecureRandom random = new SecureRandom();
    ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2, daemon("jitgate-grants"));
    ExecutorService provisioning = Executors.newFixedThreadPool(settings.provisioningThreads(),
        daemon("jitgate-provision"));
    GrantDirectory directory = null;
    GrantRevocations revocations = null;
    RoleReconcileLoop reconciler = null;
    ProxyServer server = null;
    try {
      directory = GrantDirectory.start(store, clock, scheduler, settings.directory());
      IntegrationConnectors connectors = new IntegrationConnectors(store, secrets, settings.roleNames(),
          settings.connectionLimit(), random, clock);
      GrantAccessGate gate = new GrantAccessGate(directory, connectors, provisioning, clock,
          settings.upstreamConnectTimeout());
      server = ProxyAssembly.assemble(config, registry, gate, transport, workerThreads, audit);
      revocations = GrantRevocations.start(directory, server.sessions(), connectors, provisioning, registry);
      if (!directory.awaitLoaded(Duration.ofSeconds(30))) {
        log.warn("grant directory not loaded after 30 s ({}); logins are refused until it is",
            directory.status());
      }
      reconciler = RoleReconcileLoop.start(store, connectors, scheduler, settings.reconcileInterval());
      JitProxy proxy = new JitProxy(server, directory, revocations, reconciler, connectors, scheduler,
          provisioning);
      proxy.address = server.start();
      return proxy;
    } catch (IOException | InterruptedException | RuntimeException e) {
      if (reconciler != null) {
        reconciler.close();
      }
      if (revocations != null) {
        revocations.close();
      }
      if (directory != null) {
        directory.close();
      }
      if (server != null) {
        server.close();
      }
      scheduler.shutdownNow();
      provisioning.shutdownNow();
      throw e;
    }
  }

  private static ThreadFactory daemon(String name) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** The bound listener address. */
  public InetSocketAddress address() {
    return address;
  }

  /** The proxy server (sessions, connection counts). */
  public ProxyServer server() {
    return server;
  }

  /** The proxy's view of grants. */
  public GrantDirectory directory() {
    return directory;
  }

  /**
   * The connector of each integration (provisioning, revocation, reconciliation as the connector user), e.g.
   * for an admin's connection test. Blocks on the store and the database: not for event loops.
   */
  public IntegrationConnectors connectors() {
    return connectors;
  }

  /** Runs one reconciliation pass now; returns how many integrations reconciled cleanly. */
  public int reconcileNow() {
    return reconciler.runOnce();
  }

  /**
   * Graceful shutdown: stops accepting, drains sessions up to {@code grace} (then FATAL 57P01), stops
   * following grants and lets running revocations finish for up to 10 s.
   */
  public void shutdown(Duration grace) throws InterruptedException {
    reconciler.close();
    server.shutdown(grace);
    revocations.close();
    directory.close();
    scheduler.shutdownNow();
    provisioning.shutdown();
    provisioning.awaitTermination(10, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws InterruptedException {
    shutdown(Duration.ZERO);
  }
}
