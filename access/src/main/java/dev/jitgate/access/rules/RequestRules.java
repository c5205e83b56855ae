package dev.jitgate.access.rules;

import dev.jitgate.access.model.AccessFlow;
import dev.jitgate.access.model.AccessRequest;
import dev.jitgate.access.model.Approval;
import dev.jitgate.access.model.Decision;
import dev.jitgate.access.model.RequestKind;
import dev.jitgate.access.model.RequestState;
import dev.jitgate.access.model.Resource;
import dev.jitgate.access.model.Role;
import dev.jitgate.access.service.Actor;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The lifecycle of an access request: {@code pending → approved | denied | cancelled | expired}. A
 * pending request whose {@code expiresAt} has passed counts as expired even before a sweep records it.
 */
public final class RequestRules {
  private RequestRules() {}

  /** True when {@code request} is pending and its {@code expiresAt} lies after {@code now}. */
  public static boolean isOpenAt(AccessRequest request, Instant now) {
    return request.state() == RequestState.PENDING && request.expiresAt().isAfter(now);
  }

  /**
   * A new pending request under {@code flow}, expiring after the flow's pending timeout; CONFLICT when
   * the requester already has an open request for the same database and permission.
   *
   * @param id the new request's id
   * @param ask what is asked for (matched to {@code flow} by {@link FlowMatcher})
   * @param extendsGrant for extensions, the grant to extend; empty otherwise
   * @param flow the matched flow
   * @param requesterRequests the requester's requests (at least its pending ones)
   * @param now the current time
   */
  public static RuleResult<AccessRequest> open(
      String id, RequestedAccess ask, String extendsGrant, AccessFlow flow,
      List<AccessRequest> requesterRequests, Instant now) {
    String integration = ask.integration().name();
    Optional<AccessRequest> duplicate = requesterRequests.stream()
        .filter(r -> r.requester().equals(ask.requester()) && isOpenAt(r, now))
        .filter(r -> r.integration().equals(integration) && r.database().equals(ask.database())
            && r.permission().equals(ask.permission()))
        .findFirst();
    if (duplicate.isPresent()) {
      return RuleResult.reject(Rejection.conflict("you already have a pending request "
          + duplicate.get().id() + " for " + ask.permission() + " on "
          + Resource.path(integration, ask.database()) + "; cancel it or wait for its decision"));
    }
    return RuleResult.accept(new AccessRequest(id, ask.kind(), ask.requester(), integration,
        ask.database(), ask.permission(), ask.duration(), ask.reason(), flow.name(),
        ask.kind() == RequestKind.EXTENSION ? extendsGrant : "", RequestState.PENDING, now,
        now.plus(flow.pendingTimeout()), List.of(), null, "", 0));
  }

  /** Approves a request of an automatic flow at once, decided by {@code system}. */
  public static RuleResult<AccessRequest> approveAutomatically(
      AccessRequest request, String grantId, Instant now) {
    return pending(request, now).map(r -> r.decided(RequestState.APPROVED,
        new Decision(Decision.SYSTEM, now, "approved automatically under flow " + r.flow()), grantId));
  }

  /**
   * Records {@code actor}'s approval. The actor must not be the requester, must hold the approver role
   * (admins do) and be among {@code approvers}; the request must be open; one user approves once. When the
   * approvals reach {@code approvers.minApprovals()} the request is approved with {@code grantId}.
   */
  public static RuleResult<ApprovalStep> approve(
      AccessRequest request, Actor actor, Approvers approvers, String comment, String grantId,
      Instant now) {
    return mayDecide(request, actor, approvers, "approve")
        .flatMap(r -> pending(r, now))
        .flatMap(r -> {
          if (r.approvals().stream().anyMatch(a -> a.approver().equals(actor.principal()))) {
            return RuleResult.reject(Rejection.conflict("you already approved this request"));
          }
          AccessRequest approved = r.withApproval(new Approval(actor.principal(), now, comment));
          int count = approved.approvals().size();
          if (count < approvers.minApprovals()) {
            return RuleResult.accept(
                new ApprovalStep.Recorded(approved, count, approvers.minApprovals()));
          }
          return RuleResult.accept(new ApprovalStep.Approved(approved.decided(
              RequestState.APPROVED, new Decision(actor.principal(), now, comment), grantId)));
        });
  }

  /** Denies an open request; the same people who may approve it may deny it. */
  public static RuleResult<AccessRequest> deny(
      AccessRequest request, Actor actor, Approvers approvers, String comment, Instant now) {
    return mayDecide(request, actor, approvers, "deny")
        .flatMap(r -> pending(r, now))
        .map(r -> r.decided(RequestState.DENIED, new Decision(actor.principal(), now, comment), ""));
  }

  /** Cancels an open request; only its requester may. */
  public static RuleResult<AccessRequest> cancel(AccessRequest request, Actor actor, Instant now) {
    if (!request.requester().equals(actor.principal())) {
      return RuleResult.reject(Rejection.forbidden("only the requester can cancel a request"));
    }
    return pending(request, now).map(r ->
        r.decided(RequestState.CANCELLED, new Decision(actor.principal(), now, ""), ""));
  }

  /**
   * Records the expiry of a pending request whose {@code expiresAt} is at or before {@code now}; the
   * decision is by {@code system} at {@code expiresAt}. CONFLICT when it is not pending or not due.
   */
  public static RuleResult<AccessRequest> expire(AccessRequest request, Instant now) {
    if (request.state() != RequestState.PENDING) {
      return RuleResult.reject(Rejection.conflict("request is " + request.state().wireName()));
    }
    if (request.expiresAt().isAfter(now)) {
      return RuleResult.reject(Rejection.conflict(
          "request is pending until " + request.expiresAt()));
    }
    return RuleResult.accept(request.decided(RequestState.EXPIRED,
        new Decision(Decision.SYSTEM, request.expiresAt(), "not decided before it expired"), ""));
  }

  private static RuleResult<AccessRequest> mayDecide(
      AccessRequest request, Actor actor, Approvers approvers, String verb) {
    if (request.requester().equals(actor.principal())) {
      return RuleResult.reject(Rejection.forbidden("you cannot " + verb + " your own request"));
    }
    if (!actor.has(Role.APPROVER)) {
      return RuleResult.reject(Rejection.forbidden(
          "you need one of the roles admin, approver to " + verb + " requests"));
    }
    if (!approvers.includes(actor)) {
      return RuleResult.reject(Rejection.forbidden(
          "you are not an approver for this request (approvers: " + approvers.describe() + ")"));
    }
    return RuleResult.accept(request);
  }

  private static RuleResult<AccessRequest> pending(AccessRequest request, Instant now) {
    if (request.state() != RequestState.PENDING) {
      return RuleResult.reject(Rejection.conflict("request is " + request.state().wireName()));
    }
    if (!request.expiresAt().isAfter(now)) {
      return RuleResult.reject(Rejection.conflict("request expired at " + request.expiresAt()));
    }
    return RuleResult.accept(request);
  }
}
