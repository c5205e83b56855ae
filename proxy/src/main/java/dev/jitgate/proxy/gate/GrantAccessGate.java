package dev.jitgate.proxy.gate;

import dev.jitgate.access.model.DatabaseLocation;
import dev.jitgate.access.model.Grant;
import dev.jitgate.access.model.Integration;
import dev.jitgate.pg.SqlState;
import dev.jitgate.proxy.config.UpstreamAuthMethod;
import dev.jitgate.proxy.config.UpstreamConfig;
import dev.jitgate.proxy.grants.AdmissionDecision;
import dev.jitgate.proxy.grants.AuthenticationTarget;
import dev.jitgate.proxy.grants.GrantAdmission;
import dev.jitgate.proxy.grants.GrantDirectory;
import dev.jitgate.proxy.provision.IntegrationConnector;
import dev.jitgate.proxy.provision.IntegrationConnectors;
import dev.jitgate.proxy.provision.ProvisionedRole;
import dev.jitgate.proxy.tls.UpstreamSslMode;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gate of the just-in-time proxy: engineers authenticate with their grant credential, are admitted
 * only under an active grant for the database they asked for, and reach it as the grant's short-lived
 * role, provisioned on first use. Grant state comes from the {@link GrantDirectory} (in memory, never
 * blocking); provisioning runs on {@code provisioning}, off the event loops.
 */
public final class GrantAccessGate implements AccessGate {
  private static final Logger log = LoggerFactory.getLogger(GrantAccessGate.class);
  /** Longest wait for the directory to catch up with the store before a login it cannot decide yet. */
  static final long CATCH_UP_MILLIS = 2_000;

  private final GrantDirectory directory;
  private final IntegrationConnectors connectors;
  private final Executor provisioning;
  private final Clock clock;
  private final Duration connectTimeout;

  public GrantAccessGate(GrantDirectory directory, IntegrationConnectors connectors, Executor provisioning,
      Clock clock, Duration connectTimeout) {
    this.directory = directory;
    this.connectors = connectors;
    this.provisioning = provisioning;
    this.clock = clock;
    this.connectTimeout = connectTimeout;
  }

  /**
   * Ready once the directory has caught up with the store (one read of the store's version; a wait of up to
   * {@value #CATCH_UP_MILLIS} ms only when it lags), on the provisioning threads: a credential issued or
   * replaced a moment ago — {@code jitgate connect} issues a new one and runs psql right after — is then known
   * when the exchange starts, rather than the old one or none, which would fail like a wrong password. The
   * snapshot alone cannot tell: a replaced credential looks as usable as the new one.
   */
  @Override
  public CompletionStage<Void> prepare(String user, String database) {
    try {
      return CompletableFuture.runAsync(() -> {
        try {
          directory.catchUp(Duration.ofMillis(CATCH_UP_MILLIS));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }, provisioning).exceptionally(e -> null);
    } catch (RejectedExecutionException e) {
      return CompletableFuture.completedFuture(null); // shutting down: decide from the snapshot
    }
  }

  @Override
  public LoginCheck begin(String user, String database) {
    Optional<AuthenticationTarget> target = GrantAdmission.verifierFor(directory.snapshot(), user, database);
    return new LoginCheck(user, database, target.map(AuthenticationTarget::verifier),
        target.map(AuthenticationTarget::grantId).orElse(""));
  }

  @Override
  public CompletionStage<Admission> admit(LoginCheck check) {
    AdmissionDecision decision = GrantAdmission.admit(directory.snapshot(), check.user(), check.database(),
        check.credentialOf(), clock.instant());
    return switch (decision) {
      case AdmissionDecision.Rejected r ->
          CompletableFuture.completedFuture(new Admission.Refused(r.sqlState(), r.message(), r.hint()));
      case AdmissionDecision.Admitted a -> CompletableFuture.supplyAsync(() -> provision(a.grant()), provisioning);
    };
  }

  /** How to get access, from the database parameter alone (see {@link GrantAdmission#authenticationFailedHint}). */
  @Override
  public String authenticationFailedHint(LoginCheck check) {
    return GrantAdmission.authenticationFailedHint(check.database());
  }

  /**
   * Provisions the grant's role again with this proxy's password (another proxy serving the integration may have
   * set its own, or the role may have been dropped behind jitgate's back), if the grant still admits sessions.
   */
  @Override
  public CompletionStage<Optional<UpstreamConfig>> repair(Admission.Admitted admitted) {
    Optional<Grant> grant = admitted.grant()
        .flatMap(g -> directory.snapshot().grant(g.grantId()))
        .filter(g -> g.isActiveAt(clock.instant()));
    if (grant.isEmpty()) {
      return CompletableFuture.completedFuture(Optional.empty());
    }
    return CompletableFuture.supplyAsync(() -> {
      Optional<IntegrationConnector> connector = connectors.forIntegration(grant.get().integration());
      if (connector.isEmpty()) {
        return Optional.<UpstreamConfig>empty();
      }
      try {
        ProvisionedRole role = connector.get().refresh(grant.get());
        log.info("provisioned the role of grant {} again after the upstream refused its login", grant.get().id());
        return Optional.of(upstream(connector.get().integration(), grant.get(), role));
      } catch (Exception e) {
        log.warn("could not repair the role of grant {} on {}: {}", grant.get().id(), grant.get().integration(),
            e.toString());
        return Optional.<UpstreamConfig>empty();
      }
    }, provisioning).exceptionally(e -> Optional.empty());
  }

  private Admission provision(Grant grant) {
    Optional<IntegrationConnector> connector = connectors.forIntegration(grant.integration());
    if (connector.isEmpty()) {
      return new Admission.Refused(SqlState.INVALID_AUTHORIZATION_SPECIFICATION,
          "integration \"" + grant.integration() + "\" no longer exists", "Ask an admin.");
    }
    try {
      ProvisionedRole role = connector.get().roleFor(grant);
      UpstreamConfig upstream = upstream(connector.get().integration(), grant, role);
      return new Admission.Admitted(upstream, Optional.of(new Admission.SessionGrant(grant.id(),
          grant.integration(), grant.database(), grant.endsAt())));
    } catch (Exception e) {
      log.warn("could not provision the role of grant {} on {}: {}", grant.id(), grant.integration(), e.toString());
      return new Admission.Refused(SqlState.CONNECTION_FAILURE,
          "jitgate could not prepare a database role for your grant on " + grant.integration() + "/"
              + grant.database(),
          "Try again in a moment; if it persists, ask an admin to test the integration"
              + " (POST /v1/integrations/" + grant.integration() + "/test).");
    }
  }

  private UpstreamConfig upstream(Integration integration, Grant grant, ProvisionedRole role) {
    DatabaseLocation.HostPort location = (DatabaseLocation.HostPort) integration.location();
    return new UpstreamConfig(location.host(), location.port(), grant.database(), role.role().value(),
        role.password(), UpstreamSslMode.valueOf(integration.sslMode().name()),
        integration.caFile().isEmpty() ? null : Path.of(integration.caFile()),
        UpstreamAuthMethod.SCRAM_SHA_256, connectTimeout);
  }
}
