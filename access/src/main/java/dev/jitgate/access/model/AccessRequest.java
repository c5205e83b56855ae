package dev.jitgate.access.model;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A request for access to one database of an integration with one permission, for a duration.
 *
 * @param id unique id (UUIDv7 text)
 * @param kind new access or an extension of {@code extendsGrant}
 * @param requester the requesting user
 * @param integration the integration name
 * @param database the database name
 * @param permission the permission asked for
 * @param duration how long the grant should last (for an extension: how much longer)
 * @param reason the justification, may be empty unless the flow requires one
 * @param flow the access flow the request was matched to
 * @param extendsGrant for extensions: the grant to extend; empty otherwise
 * @param state pending, approved, denied, cancelled or expired
 * @param createdAt when it was made
 * @param expiresAt when it expires if still pending
 * @param approvals approvals so far
 * @param decision who moved it to its final state; null while pending
 * @param grantId the grant it produced (approved only); empty otherwise
 * @param revision store revision, 0 before the first save
 */
public record AccessRequest(
    String id,
    RequestKind kind,
    String requester,
    String integration,
    String database,
    Permission permission,
    Duration duration,
    String reason,
    String flow,
    String extendsGrant,
    RequestState state,
    Instant createdAt,
    Instant expiresAt,
    List<Approval> approvals,
    Decision decision,
    String grantId,
    long revision)
    implements AccessEntity {

  public AccessRequest {
    Names.required("id", id);
    Objects.requireNonNull(kind, "kind");
    Names.principal("requester", requester);
    Names.slug("integration", integration);
    Names.identifier("database", database);
    Names.required("permission", permission);
    Names.required("duration", duration);
    if (duration.isNegative() || duration.isZero()) {
      throw new InvalidFieldException("duration", "must be positive");
    }
    reason = Names.text("reason", reason);
    flow = flow == null ? "" : flow;
    extendsGrant = extendsGrant == null ? "" : extendsGrant;
    if ((kind == RequestKind.EXTENSION) == extendsGrant.isEmpty()) {
      throw new InvalidFieldException("extendsGrant", "is required exactly for extension requests");
    }
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
    approvals = approvals == null ? List.of() : List.copyOf(approvals);
    grantId = grantId == null ? "" : grantId;
  }

  @Override
  public EntityKind entityKind() {
    return EntityKind.REQUEST;
  }

  @Override
  public String key() {
    return id;
  }

  @Override
  public AccessRequest withRevision(long newRevision) {
    return new AccessRequest(id, kind, requester, integration, database, permission, duration, reason,
        flow, extendsGrant, state, createdAt, expiresAt, approvals, decision, grantId, newRevision);
  }

  /** A copy in {@code newState} with {@code newDecision}. */
  public AccessRequest decided(RequestState newState, Decision newDecision, String newGrantId) {
    return new AccessRequest(id, kind, requester, integration, database, permission, duration, reason,
        flow, extendsGrant, newState, createdAt, expiresAt, approvals, newDecision, newGrantId, revision);
  }

  /** A copy with one more approval. */
  public AccessRequest withApproval(Approval approval) {
    List<Approval> more = new java.util.ArrayList<>(approvals);
    more.add(approval);
    return new AccessRequest(id, kind, requester, integration, database, permission, duration, reason,
        flow, extendsGrant, state, createdAt, expiresAt, more, decision, grantId, revision);
  }
}
