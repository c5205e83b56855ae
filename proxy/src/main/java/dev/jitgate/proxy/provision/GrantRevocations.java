package dev.jitgate.proxy.provision;

import dev.jitgate.pg.SqlState;
import dev.jitgate.proxy.grants.GrantDirectory;
import dev.jitgate.proxy.grants.GrantEnded;
import dev.jitgate.proxy.session.SessionRegistry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens when a grant ends or is revoked: its sessions get a FATAL error ("access grant … ended …")
 * and close at once, then its database role is torn down on {@code provisioning} (NOLOGIN first, then its
 * backends, owned objects and the role). A role that cannot be dropped is left disabled and counted as an
 * alert ({@code jitgate_proxy_role_revocations_total{outcome="disabled"}}); the reconciler retries it.
 */
public final class GrantRevocations implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(GrantRevocations.class);

  private final SessionRegistry sessions;
  private final IntegrationConnectors connectors;
  private final Executor provisioning;
  private final Counter dropped;
  private final Counter disabled;
  private final Counter failed;
  private final GrantDirectory.Subscription subscription;

  private GrantRevocations(GrantDirectory directory, SessionRegistry sessions, IntegrationConnectors connectors,
      Executor provisioning, MeterRegistry registry) {
    this.sessions = sessions;
    this.connectors = connectors;
    this.provisioning = provisioning;
    this.dropped = counter(registry, "dropped");
    this.disabled = counter(registry, "disabled");
    this.failed = counter(registry, "failed");
    this.subscription = directory.onGrantEnded(this::onGrantEnded);
  }

  /** Starts acting on every grant end the directory reports. */
  public static GrantRevocations start(GrantDirectory directory, SessionRegistry sessions,
      IntegrationConnectors connectors, Executor provisioning, MeterRegistry registry) {
    return new GrantRevocations(directory, sessions, connectors, provisioning, registry);
  }

  private static Counter counter(MeterRegistry registry, String outcome) {
    return Counter.builder("jitgate.proxy.role.revocations")
        .description("Grant roles torn down, by outcome (disabled = could not drop; alert)")
        .tag("outcome", outcome)
        .register(registry);
  }

  private void onGrantEnded(GrantEnded ended) {
    int cut = sessions.terminateGrant(ended.grant().id(), SqlState.ADMIN_SHUTDOWN, ended.message());
    log.info("grant {} of {} on {}/{} {}: {} session(s) ended", ended.grant().id(), ended.grant().principal(),
        ended.grant().integration(), ended.grant().database(), ended.cause(), cut);
    provisioning.execute(() -> revokeRole(ended));
  }

  private void revokeRole(GrantEnded ended) {
    try {
      Optional<IntegrationConnector> connector = connectors.forIntegration(ended.grant().integration());
      if (connector.isEmpty()) {
        log.warn("grant {} ended but integration {} is gone; its role is left to the reconciler of that server",
            ended.grant().id(), ended.grant().integration());
        failed.increment();
        return;
      }
      switch (connector.get().revoke(ended.grant())) {
        case RevocationOutcome.Dropped d -> {
          dropped.increment();
          log.info("role {} of grant {} dropped", d.role(), ended.grant().id());
        }
        case RevocationOutcome.Disabled d -> {
          disabled.increment();
          log.error("ALERT role {} of grant {} could not be dropped and is left disabled (NOLOGIN): {}",
              d.role(), ended.grant().id(), d.reason());
        }
      }
    } catch (Exception e) {
      failed.increment();
      log.error("ALERT could not revoke the role of grant {} on {}: {}; the reconciler will retry",
          ended.grant().id(), ended.grant().integration(), e.toString());
    }
  }

  @Override
  public void close() {
    subscription.close();
  }
}
