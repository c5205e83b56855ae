package dev.jitgate.access.rules;

import dev.jitgate.access.model.AccessRequest;
import dev.jitgate.access.model.ApiToken;
import dev.jitgate.access.model.Grant;
import dev.jitgate.access.model.Role;
import dev.jitgate.access.service.Actor;
import java.util.Arrays;
import java.util.List;

/**
 * Role-based checks over the {@link Operation} table, and what each actor may see. Requesters see only
 * their own requests and grants; others' ids answer NOT_FOUND so that ids do not leak.
 */
public final class Authorization {
  private Authorization() {}

  /** True when {@code actor} holds one of the roles of {@code operation}. */
  public static boolean allows(Actor actor, Operation operation) {
    return operation.roles().stream().anyMatch(actor::has);
  }

  /** Accepts {@code actor} when it may perform {@code operation}; FORBIDDEN naming the roles otherwise. */
  public static RuleResult<Actor> check(Actor actor, Operation operation) {
    if (allows(actor, operation)) {
      return RuleResult.accept(actor);
    }
    List<String> roles = Arrays.stream(Role.values())
        .filter(operation.roles()::contains)
        .map(Role::wireName)
        .toList();
    String needed = roles.size() == 1
        ? "the " + roles.getFirst() + " role"
        : "one of the roles " + String.join(", ", roles);
    return RuleResult.reject(Rejection.forbidden("you need " + needed + " to " + operation.description()));
  }

  /** True when {@code actor} may see {@code request}: its own, or any for approvers and auditors. */
  public static boolean canSee(Actor actor, AccessRequest request) {
    return request.requester().equals(actor.principal()) || allows(actor, Operation.READ_ALL_REQUESTS);
  }

  /** True when {@code actor} may see {@code grant}: its own, or any for approvers and auditors. */
  public static boolean canSee(Actor actor, Grant grant) {
    return grant.principal().equals(actor.principal()) || allows(actor, Operation.READ_ALL_GRANTS);
  }

  /** True when {@code actor} may see and revoke {@code token}: its own, or any for admins. */
  public static boolean canManage(Actor actor, ApiToken token) {
    return token.principal().equals(actor.principal()) || allows(actor, Operation.MANAGE_ANY_TOKEN);
  }

  /** Accepts a request the actor may see; NOT_FOUND (not FORBIDDEN) otherwise. */
  public static RuleResult<AccessRequest> visible(Actor actor, AccessRequest request) {
    return canSee(actor, request)
        ? RuleResult.accept(request)
        : RuleResult.reject(Rejection.notFound("no access request " + request.id()));
  }

  /** Accepts a grant the actor may see; NOT_FOUND (not FORBIDDEN) otherwise. */
  public static RuleResult<Grant> visible(Actor actor, Grant grant) {
    return canSee(actor, grant)
        ? RuleResult.accept(grant)
        : RuleResult.reject(Rejection.notFound("no grant " + grant.id()));
  }
}
