package dev.jitgate.proxy.provision;

import dev.jitgate.access.model.Grant;
import dev.jitgate.access.model.GrantState;
import dev.jitgate.access.model.Integration;
import dev.jitgate.access.store.AccessStore;
import dev.jitgate.access.store.GrantQuery;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the {@link Reconciler} of every integration at start-up and then every {@code interval}: roles jitgate
 * created whose grant is no longer active are torn down, so a proxy killed between two provisioning or
 * revocation steps leaves nothing that can log in once it (or any other proxy) runs again. Also refreshes
 * the baseline roles. Failures of one integration are logged and do not stop the others.
 */
public final class RoleReconcileLoop implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RoleReconcileLoop.class);

  private static final int MAX_GRANTS = 1000;

  private final AccessStore store;
  private final IntegrationConnectors connectors;
  private final ScheduledFuture<?> task;
  private final ReentrantLock passLock = new ReentrantLock();

  private RoleReconcileLoop(AccessStore store, IntegrationConnectors connectors, ScheduledExecutorService scheduler,
      Duration interval) {
    this.store = store;
    this.connectors = connectors;
    this.task = scheduler.scheduleWithFixedDelay(this::runOnce, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Starts reconciling now and every {@code interval} on {@code scheduler}. */
  public static RoleReconcileLoop start(AccessStore store, IntegrationConnectors connectors,
      ScheduledExecutorService scheduler, Duration interval) {
    return new RoleReconcileLoop(store, connectors, scheduler, interval);
  }

  /**
   * One pass over every integration; returns how many integrations reconciled cleanly. Passes never overlap: a
   * call while another pass runs (the periodic one, say) waits for it, so the two do not tear down the same roles
   * at once.
   */
  public int runOnce() {
    passLock.lock();
    try {
      return pass();
    } finally {
      passLock.unlock();
    }
  }

  private int pass() {
    int clean = 0;
    List<Integration> integrations;
    try {
      integrations = store.integrations();
    } catch (RuntimeException e) {
      log.warn("reconcile: could not read integrations: {}", e.toString());
      return 0;
    }
    for (Integration integration : integrations) {
      try {
        Optional<IntegrationConnector> connector = connectors.forIntegration(integration.name());
        if (connector.isEmpty()) {
          continue;
        }
        connector.get().ensureBaselines();
        ReconcileReport report = connector.get().reconcile(() -> activeGrants(integration.name()));
        if (!report.revoked().isEmpty() || !report.failed().isEmpty()) {
          log.info("reconcile {}: {}", integration.name(), report);
        }
        if (report.clean()) {
          clean++;
        }
      } catch (Exception e) {
        log.warn("reconcile {}: {}", integration.name(), e.toString());
      }
    }
    return clean;
  }

  private List<Grant> activeGrants(String integration) {
    List<Grant> active = store.grants(new GrantQuery(null, GrantState.ACTIVE, integration, null, MAX_GRANTS));
    if (active.size() >= MAX_GRANTS) {
      // A truncated list would make live grants' roles look stale; better not to reconcile at all.
      throw new IllegalStateException("more than " + (MAX_GRANTS - 1) + " active grants on " + integration
          + "; reconciling them is not supported yet");
    }
    return active;
  }

  @Override
  public void close() {
    task.cancel(false);
  }
}
