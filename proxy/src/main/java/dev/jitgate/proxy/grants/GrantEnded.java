package dev.jitgate.proxy.grants;

import dev.jitgate.access.model.Grant;
import java.time.Instant;
import java.util.Objects;

/**
 * A grant the directory knew as active stopped admitting sessions; its sessions must end.
 *
 * @param grant the last known state of the grant
 * @param cause why
 * @param endedAt when it ended: the grant's end for {@link Cause#EXPIRED}, the revoke or supersede time
 *     otherwise, the time it was noticed for {@link Cause#REMOVED}
 */
public record GrantEnded(Grant grant, Cause cause, Instant endedAt) {

  /** Why a grant ended. */
  public enum Cause {
    /** Its end time passed (noticed by the proxy's timer or the control plane's sweep). */
    EXPIRED,
    /** Revoked through the API. */
    REVOKED,
    /** Replaced by a newer grant of the same user on the same database. */
    SUPERSEDED,
    /** Deleted from the store. */
    REMOVED
  }

  public GrantEnded {
    Objects.requireNonNull(grant, "grant");
    Objects.requireNonNull(cause, "cause");
    Objects.requireNonNull(endedAt, "endedAt");
  }

  /** The text for the FATAL the proxy sends the grant's sessions, e.g. {@code access grant … ended at …}. */
  public String message() {
    return GrantMessages.ended(this);
  }
}
