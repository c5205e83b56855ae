package dev.jitgate.proxy.provision;

import dev.jitgate.access.model.DatabaseLocation;
import dev.jitgate.access.model.Grant;
import dev.jitgate.access.model.Integration;
import dev.jitgate.access.secret.SecretResolver;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.Set;
import java.util.function.Supplier;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Everything jitgate does as one integration's connector user: keeps the baseline roles in each database it
 * serves ({@link Baseline}, once per database per process, on first use), provisions grant roles
 * ({@link ProvisionedRoleCache}), revokes them ({@link RoleRevoker}) and reconciles ({@link Reconciler}).
 * Built from the integration's definition; a changed definition gets a new connector. Thread-safe; every
 * method blocks on the database, so call it off the event loops.
 */
public final class IntegrationConnector {

  /** How long a revocation waits for the role's backends to go away. */
  public static final Duration TERMINATE_WAIT = Duration.ofSeconds(5);

  private final Integration integration;
  private final ConnectorDataSource dataSource;
  private final Baseline baseline;
  private final ProvisionedRoleCache roles;
  private final RoleRevoker revoker;
  private final Reconciler reconciler;
  private final int connectionLimit;
  private final Set<String> baselineReady = ConcurrentHashMap.newKeySet();

  private IntegrationConnector(Integration integration, ConnectorDataSource dataSource, ManagedRoleNames names,
      int connectionLimit, SecureRandom random, Clock clock) {
    this.integration = integration;
    this.dataSource = dataSource;
    this.connectionLimit = connectionLimit;
    this.baseline = new Baseline(names, TransactionRetry.DEFAULT);
    this.roles = new ProvisionedRoleCache(
        new RoleProvisioner(dataSource, names, TransactionRetry.DEFAULT, random, clock), new RolePasswords(random));
    this.revoker = new RoleRevoker(dataSource, names, TransactionRetry.DEFAULT, TERMINATE_WAIT);
    this.reconciler = new Reconciler(dataSource, names, revoker);
  }

  /**
   * A connector for {@code integration}; its password is read through {@code secrets} for every new
   * connection, so a rotated secret is picked up.
   *
   * @throws UnsupportedOperationException for an RDS location or IAM authentication (a later release)
   */
  public static IntegrationConnector create(Integration integration, SecretResolver secrets, ManagedRoleNames names,
      int connectionLimit, SecureRandom random, Clock clock) {
    if (!(integration.location() instanceof DatabaseLocation.HostPort hostPort)) {
      throw new UnsupportedOperationException("integration " + integration.name()
          + ": RDS locations are resolved in a later release; use host and port");
    }
    if (integration.connector().secret() == null) {
      throw new UnsupportedOperationException("integration " + integration.name()
          + ": IAM authentication arrives in a later release; use password authentication");
    }
    Path caFile = integration.caFile().isEmpty() ? null : Path.of(integration.caFile());
    ConnectorSettings settings = ConnectorSettings.of(hostPort.host(), hostPort.port(),
        integration.databases().get(0), integration.connector().user(),
        () -> secrets.resolve(integration.connector().secret()).chars(), integration.sslMode(), caFile);
    return new IntegrationConnector(integration, new ConnectorDataSource(settings), names, connectionLimit, random,
        clock);
  }

  /** The definition this connector was built from. */
  public Integration integration() {
    return integration;
  }

  /** The upstream role and password for {@code grant}, provisioning it (and the baseline) when needed. */
  public ProvisionedRole roleFor(Grant grant) throws SQLException {
    ensureBaseline(grant.database());
    return roles.get(GrantRoleSpec.of(grant, connectionLimit));
  }

  /** Provisions {@code grant}'s role again with the same password, e.g. after another proxy replaced it. */
  public ProvisionedRole refresh(Grant grant) throws SQLException {
    ensureBaseline(grant.database());
    return roles.refresh(GrantRoleSpec.of(grant, connectionLimit));
  }

  /**
   * Tears down {@code grant}'s role (NOLOGIN first, then backends, owned objects, the role). Every proxy serving
   * the integration does this when the grant ends; {@link RoleRevoker} serialises them, so the later ones find
   * the role gone and report {@link RevocationOutcome.Dropped}.
   */
  public RevocationOutcome revoke(Grant grant) throws SQLException {
    roles.forget(grant.id());
    return revoker.revoke(RoleName.forGrant(grant.id(), grant.principal()));
  }

  /**
   * Revokes every managed role that belongs to none of the active grants {@code activeGrants} supplies; the
   * supplier is called after the present roles are listed (see {@link Reconciler#reconcile(Supplier)}).
   */
  public ReconcileReport reconcile(Supplier<? extends Collection<Grant>> activeGrants) throws SQLException {
    return reconciler.reconcile(() -> activeGrants.get().stream()
        .filter(g -> g.integration().equals(integration.name()))
        .map(g -> RoleName.forGrant(g.id(), g.principal()))
        .collect(Collectors.toSet()));
  }

  /** Runs {@link Baseline#ensure} in every database of the integration now (start-up, periodic refresh). */
  public void ensureBaselines() throws SQLException {
    for (String database : integration.databases()) {
      runBaseline(database);
    }
  }

  private void ensureBaseline(String database) throws SQLException {
    if (!baselineReady.contains(database)) {
      runBaseline(database);
    }
  }

  private void runBaseline(String database) throws SQLException {
    try (Connection c = dataSource.open(database)) {
      baseline.ensure(c);
    }
    baselineReady.add(database);
  }

  @Override
  public String toString() {
    return "IntegrationConnector[" + integration.name() + "]";
  }
}
