package dev.jitgate.access.rules;

import dev.jitgate.access.model.AccessRequest;
import dev.jitgate.access.model.Decision;
import dev.jitgate.access.model.EndReason;
import dev.jitgate.access.model.Grant;
import dev.jitgate.access.model.GrantState;
import dev.jitgate.access.model.RequestKind;
import dev.jitgate.access.model.RequestState;
import dev.jitgate.access.model.Role;
import dev.jitgate.access.service.Actor;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * The lifecycle of a grant: {@code active → ended | revoked}. At most one grant is active per
 * (principal, integration, database): a new one supersedes the previous.
 */
public final class GrantRules {
  private GrantRules() {}

  /** The grant an approved new-access request yields: {@code [now, now + duration)}. */
  public static RuleResult<Grant> issue(AccessRequest request, Instant now) {
    if (request.state() != RequestState.APPROVED || request.kind() != RequestKind.NEW
        || request.grantId().isEmpty()) {
      return RuleResult.reject(Rejection.conflict("request " + request.id()
          + " is not an approved request for new access"));
    }
    return RuleResult.accept(new Grant(request.grantId(), request.requester(), request.integration(),
        request.database(), request.permission(), request.id(), now, now.plus(request.duration()),
        GrantState.ACTIVE, null, "", null, "", 0));
  }

  /**
   * The grants {@code successor} supersedes: every other active grant of the same principal on the same
   * integration and database, ended now by {@code system} with reason superseded.
   */
  public static List<Grant> supersede(Collection<Grant> existing, Grant successor, Instant now) {
    return existing.stream()
        .filter(g -> g.state() == GrantState.ACTIVE && !g.id().equals(successor.id()))
        .filter(g -> g.principal().equals(successor.principal())
            && g.integration().equals(successor.integration())
            && g.database().equals(successor.database()))
        .map(g -> g.ended(GrantState.ENDED, now, Decision.SYSTEM, EndReason.SUPERSEDED, successor.id()))
        .toList();
  }

  /**
   * Checks that {@code actor} may ask to extend {@code grant}: only its holder, only while it is active
   * and its end has not passed.
   */
  public static RuleResult<Grant> checkExtendable(Grant grant, Actor actor, Instant now) {
    if (!grant.principal().equals(actor.principal())) {
      return RuleResult.reject(Rejection.forbidden("only the holder of a grant can extend it"));
    }
    return stillActive(grant, now);
  }

  /** The grant extended by an approved extension request: {@code endsAt += duration}. */
  public static RuleResult<Grant> extend(Grant grant, AccessRequest request, Instant now) {
    if (request.kind() != RequestKind.EXTENSION || !request.extendsGrant().equals(grant.id())) {
      return RuleResult.reject(Rejection.conflict("request " + request.id()
          + " does not extend grant " + grant.id()));
    }
    return stillActive(grant, now).map(g -> g.withEnd(g.endsAt().plus(request.duration())));
  }

  /**
   * Revokes an active grant now; its holder or an approver (admins count) may.
   *
   * @param grant the grant
   * @param actor who revokes
   * @param now the current time
   */
  public static RuleResult<Grant> revoke(Grant grant, Actor actor, Instant now) {
    if (!grant.principal().equals(actor.principal()) && !actor.has(Role.APPROVER)) {
      return RuleResult.reject(Rejection.forbidden(
          "only the holder or an approver can revoke a grant"));
    }
    if (grant.state() != GrantState.ACTIVE) {
      return RuleResult.reject(Rejection.conflict("grant is " + grant.state().wireName()));
    }
    return RuleResult.accept(
        grant.ended(GrantState.REVOKED, now, actor.principal(), EndReason.REVOKED, ""));
  }

  /**
   * Ends an active grant whose end has come ({@code endsAt <= now}), by {@code system}, with reason
   * expired; {@code endedAt} is the grant's {@code endsAt}.
   */
  public static RuleResult<Grant> endNaturally(Grant grant, Instant now) {
    if (grant.state() != GrantState.ACTIVE) {
      return RuleResult.reject(Rejection.conflict("grant is " + grant.state().wireName()));
    }
    if (grant.endsAt().isAfter(now)) {
      return RuleResult.reject(Rejection.conflict("grant is active until " + grant.endsAt()));
    }
    return RuleResult.accept(grant.ended(
        GrantState.ENDED, grant.endsAt(), Decision.SYSTEM, EndReason.EXPIRED, ""));
  }

  /** Checks that {@code actor} may get a credential for {@code grant}: the holder only, while active. */
  public static RuleResult<Grant> checkCredentialIssue(Grant grant, Actor actor, Instant now) {
    if (!grant.principal().equals(actor.principal())) {
      return RuleResult.reject(Rejection.forbidden(
          "only the holder of a grant can get its credentials"));
    }
    if (!grant.isActiveAt(now)) {
      return RuleResult.reject(Rejection.conflict(inactiveReason(grant, now)));
    }
    return RuleResult.accept(grant);
  }

  /**
   * True when the credential of {@code grant} may be deleted: the grant is no longer active and ended at
   * least {@code retention} before {@code now}. Until then the credential is kept so that its holder can
   * still authenticate at the proxy and be told that (and when) the grant ended.
   */
  public static boolean credentialRetentionOver(Grant grant, Instant now, Duration retention) {
    return switch (grant.state()) {
      case ACTIVE -> false;
      case ENDED, REVOKED -> grant.endedAt() != null && !grant.endedAt().plus(retention).isAfter(now);
    };
  }

  private static RuleResult<Grant> stillActive(Grant grant, Instant now) {
    if (grant.state() != GrantState.ACTIVE || !grant.endsAt().isAfter(now)) {
      return RuleResult.reject(Rejection.conflict(inactiveReason(grant, now)));
    }
    return RuleResult.accept(grant);
  }

  private static String inactiveReason(Grant grant, Instant now) {
    return switch (grant.state()) {
      case ACTIVE -> grant.endsAt().isAfter(now)
          ? "grant " + grant.id() + " starts at " + grant.startsAt()
          : "grant " + grant.id() + " ended at " + grant.endsAt() + "; request new access instead";
      case ENDED, REVOKED -> "grant " + grant.id() + " is " + grant.state().wireName()
          + "; request new access instead";
    };
  }
}
