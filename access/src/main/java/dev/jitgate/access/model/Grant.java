package dev.jitgate.access.model;

import java.time.Instant;
import java.util.Objects;

/**
 * Time-boxed access of one user to one database with one permission.
 *
 * @param id unique id (UUIDv7 text)
 * @param principal the user holding it
 * @param integration the integration name
 * @param database the database name
 * @param permission the permission granted
 * @param requestId the request that produced it
 * @param startsAt when access starts
 * @param endsAt when access ends
 * @param state active, ended or revoked
 * @param endedAt when it stopped being active; null while active
 * @param endedBy who ended it ({@code system} for expiry and supersede); empty while active
 * @param endReason why it ended; null while active
 * @param supersededBy the grant that replaced it; empty unless superseded
 * @param revision store revision, 0 before the first save
 */
public record Grant(
    String id,
    String principal,
    String integration,
    String database,
    Permission permission,
    String requestId,
    Instant startsAt,
    Instant endsAt,
    GrantState state,
    Instant endedAt,
    String endedBy,
    EndReason endReason,
    String supersededBy,
    long revision)
    implements AccessEntity {

  public Grant {
    Names.required("id", id);
    Names.principal("principal", principal);
    Names.slug("integration", integration);
    Names.identifier("database", database);
    Names.required("permission", permission);
    requestId = requestId == null ? "" : requestId;
    Objects.requireNonNull(startsAt, "startsAt");
    Objects.requireNonNull(endsAt, "endsAt");
    if (!endsAt.isAfter(startsAt)) {
      throw new InvalidFieldException("endsAt", "must be after startsAt");
    }
    Objects.requireNonNull(state, "state");
    endedBy = endedBy == null ? "" : endedBy;
    supersededBy = supersededBy == null ? "" : supersededBy;
    if ((state == GrantState.ACTIVE) != (endReason == null)) {
      throw new InvalidFieldException("endReason", "is set exactly when the grant is no longer active");
    }
  }

  @Override
  public EntityKind entityKind() {
    return EntityKind.GRANT;
  }

  @Override
  public String key() {
    return id;
  }

  @Override
  public Grant withRevision(long newRevision) {
    return new Grant(id, principal, integration, database, permission, requestId, startsAt, endsAt,
        state, endedAt, endedBy, endReason, supersededBy, newRevision);
  }

  /** True when the grant is active and {@code now} lies in {@code [startsAt, endsAt)}. */
  public boolean isActiveAt(Instant now) {
    return state == GrantState.ACTIVE && !now.isBefore(startsAt) && now.isBefore(endsAt);
  }

  /** A copy that ended at {@code at}. */
  public Grant ended(GrantState newState, Instant at, String by, EndReason reason, String successor) {
    return new Grant(id, principal, integration, database, permission, requestId, startsAt, endsAt,
        newState, at, by, reason, successor, revision);
  }

  /** A copy ending at {@code newEnd}. */
  public Grant withEnd(Instant newEnd) {
    return new Grant(id, principal, integration, database, permission, requestId, startsAt, newEnd,
        state, endedAt, endedBy, endReason, supersededBy, revision);
  }
}
