package dev.jitgate.proxy.provision;

import java.util.Objects;

/** How a {@link RoleRevoker#revoke} ended. Either way the role can no longer log in. */
public sealed interface RevocationOutcome {

  /** The role that was revoked. */
  RoleName role();

  /**
   * The role is gone (dropped now, or it did not exist).
   *
   * @param role the role
   */
  record Dropped(RoleName role) implements RevocationOutcome {
    public Dropped {
      Objects.requireNonNull(role, "role");
    }
  }

  /**
   * The role still exists, NOLOGIN, without password, {@code VALID UNTIL} in the past, its backends terminated,
   * but a later step failed: raise an alert; the {@link Reconciler} tries again on its next run.
   *
   * @param role   the role
   * @param reason what failed (SQLSTATE and server message), for the alert
   */
  record Disabled(RoleName role, String reason) implements RevocationOutcome {
    public Disabled {
      Objects.requireNonNull(role, "role");
      Objects.requireNonNull(reason, "reason");
    }
  }
}
