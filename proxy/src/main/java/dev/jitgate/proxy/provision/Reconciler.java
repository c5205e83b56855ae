package dev.jitgate.proxy.provision;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Converges a server's grant roles to the active grants: every role jitgate manages (a member of the marker, by
 * the rules of {@link ManagedRoles}) that is not wanted is revoked through {@link RoleRevoker}; roles outside the
 * marker are never looked at. Missing wanted roles are not created here: the proxy provisions them on the next
 * login. Run it at start-up (after {@link Baseline#ensure}) and periodically; a role left {@code Disabled} is
 * retried on every run.
 */
public final class Reconciler {

  private final ConnectorDataSource dataSource;
  private final ManagedRoles managedRoles;
  private final RoleRevoker revoker;

  public Reconciler(ConnectorDataSource dataSource, ManagedRoleNames names, RoleRevoker revoker) {
    this.dataSource = dataSource;
    this.managedRoles = new ManagedRoles(names.marker());
    this.revoker = revoker;
  }

  /** Revokes every managed role not in {@code wanted}. */
  public ReconcileReport reconcile(Set<RoleName> wanted) throws SQLException {
    return reconcile(() -> wanted);
  }

  /**
   * Revokes every managed role not in the set {@code wanted} supplies. The set is read only after the present
   * roles are listed: a role is created only once its grant is active, so a grant approved while this runs
   * is either in the set or its role is not yet in the list — a fresh role is never mistaken for a stale one.
   */
  public ReconcileReport reconcile(Supplier<Set<RoleName>> wantedAfterListing) throws SQLException {
    List<RoleName> present;
    try (Connection connection = dataSource.open()) {
      present = managedRoles.list(connection);
    }
    Set<RoleName> wanted = wantedAfterListing.get();
    List<RoleName> kept = new ArrayList<>();
    Map<RoleName, RevocationOutcome> revoked = new LinkedHashMap<>();
    Map<RoleName, String> failed = new LinkedHashMap<>();
    for (RoleName role : present) {
      if (wanted.contains(role)) {
        kept.add(role);
        continue;
      }
      try {
        revoked.put(role, revoker.revoke(role));
      } catch (SQLException | ProvisioningException e) {
        failed.put(role, e.getMessage());
      }
    }
    return new ReconcileReport(kept, revoked, failed);
  }
}
