package dev.jitgate.proxy.provision;

import java.util.List;
import java.util.Map;

/**
 * What one {@link Reconciler#reconcile} run did.
 *
 * @param kept    managed roles that are wanted, left as they are
 * @param revoked unwanted managed roles and how their revocation ended
 * @param failed  unwanted managed roles whose revocation threw, with the error (for an alert)
 */
public record ReconcileReport(List<RoleName> kept, Map<RoleName, RevocationOutcome> revoked,
    Map<RoleName, String> failed) {

  public ReconcileReport {
    kept = List.copyOf(kept);
    revoked = Map.copyOf(revoked);
    failed = Map.copyOf(failed);
  }

  /** True when every unwanted role was dropped. */
  public boolean clean() {
    return failed.isEmpty()
        && revoked.values().stream().allMatch(outcome -> outcome instanceof RevocationOutcome.Dropped);
  }
}
