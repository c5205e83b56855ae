package dev.jitgate.access.service;

import static dev.jitgate.access.service.Checks.allow;
import static dev.jitgate.access.service.Checks.conflict;
import static dev.jitgate.access.service.Checks.invalid;
import static dev.jitgate.access.service.Checks.notFound;
import static dev.jitgate.access.service.Checks.required;
import static dev.jitgate.access.service.ServiceContext.PAGE;
import static dev.jitgate.access.service.Transactions.guard;

import dev.jitgate.access.model.AccessRequest;
import dev.jitgate.access.model.ApiToken;
import dev.jitgate.access.model.Decision;
import dev.jitgate.access.model.EntityKind;
import dev.jitgate.access.model.Grant;
import dev.jitgate.access.model.Names;
import dev.jitgate.access.model.Principal;
import dev.jitgate.access.model.PrincipalKind;
import dev.jitgate.access.model.PrincipalSource;
import dev.jitgate.access.model.RequestState;
import dev.jitgate.access.model.Role;
import dev.jitgate.access.rules.Authorization;
import dev.jitgate.access.rules.Operation;
import dev.jitgate.access.rules.RequestRules;
import dev.jitgate.access.store.AccessStore;
import dev.jitgate.access.store.ChangeSet;
import dev.jitgate.access.store.CommitResult;
import dev.jitgate.access.store.GrantQuery;
import dev.jitgate.access.store.RequestQuery;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Who is calling: API tokens (create, revoke, list, authenticate), the actor of a user with its groups'
 * roles, the caller's own view, and the first admin's bootstrap.
 */
final class IdentityOperations {
  private final ServiceContext ctx;
  private final AccessStore store;

  IdentityOperations(ServiceContext ctx) {
    this.ctx = ctx;
    this.store = ctx.store();
  }

  IssuedToken createToken(Actor actor, String principal, String name, Duration ttl) {
    required("principal", principal);
    if (!principal.equals(actor.principal())) {
      allow(actor, Operation.MANAGE_ANY_TOKEN);
    }
    if (ttl == null || ttl.compareTo(DefaultAccessService.MIN_TOKEN_TTL) < 0
        || ttl.compareTo(DefaultAccessService.MAX_TOKEN_TTL) > 0) {
      throw invalid("ttl", "must be between 1m and 365d");
    }
    return ctx.write(now -> {
      store.principal(principal).filter(p -> p.kind() == PrincipalKind.USER)
          .orElseThrow(() -> invalid("principal", "no user named " + principal));
      String secret = TokenSecrets.newToken(ctx.random());
      ApiToken token = new ApiToken(ctx.ids().next(), principal, name, TokenSecrets.hash(secret), now,
          now.plus(ttl), false, 0);
      ApiToken stored = ctx.commitOne(token, actor, now, "api_token.create", EventDetails.token(token));
      return new IssuedToken(stored, secret);
    });
  }

  void revokeToken(Actor actor, String tokenId) {
    ctx.write(now -> {
      ApiToken token = store.find(EntityKind.TOKEN, required("tokenId", tokenId))
          .map(ApiToken.class::cast)
          .filter(t -> Authorization.canManage(actor, t))
          .orElseThrow(() -> notFound("no API token " + tokenId));
      if (token.revoked()) {
        throw conflict("API token " + tokenId + " is already revoked");
      }
      ApiToken revoked = new ApiToken(token.id(), token.principal(), token.name(), token.hash(),
          token.createdAt(), token.expiresAt(), true, token.revision());
      return ctx.commitOne(revoked, actor, now, "api_token.revoke", Map.of("principal", token.principal()));
    });
  }

  List<ApiToken> tokens(Actor actor, String principal) {
    boolean readsOthers = actor.has(Role.AUDITOR) || actor.has(Role.APPROVER);
    if (!readsOthers && principal != null && !principal.equals(actor.principal())) {
      throw new AccessException(RejectionCode.FORBIDDEN, "principal",
          "only admins, auditors and approvers may list other principals' tokens");
    }
    String only = readsOthers ? principal : actor.principal();
    return store.list(EntityKind.TOKEN).stream()
        .map(ApiToken.class::cast)
        .filter(t -> only == null || t.principal().equals(only))
        .sorted(Comparator.comparing(ApiToken::createdAt).reversed())
        .toList();
  }

  Optional<Actor> authenticateToken(String secret) {
    if (secret == null || !secret.startsWith(TokenSecrets.TOKEN_PREFIX) || secret.length() > 512) {
      return Optional.empty();
    }
    Instant now = ctx.clock().instant();
    return store.tokenByHash(TokenSecrets.hash(secret))
        .filter(t -> t.isUsableAt(now))
        .flatMap(t -> store.principal(t.principal()))
        .filter(p -> p.kind() == PrincipalKind.USER)
        .map(p -> actorOf(p.name(), Optional.of(p), Set.of()));
  }

  Actor actorFor(String principal, Set<String> claimGroups) {
    return guard(() -> {
      Names.principal("principal", principal);
      Set<String> claims = claimGroups == null ? Set.of() : claimGroups;
      claims.forEach(g -> Names.principal("groups", g));
      Optional<Principal> stored = store.principal(principal).filter(p -> p.kind() == PrincipalKind.USER);
      return actorOf(principal, stored, claims);
    });
  }

  /** The actor for user {@code name}: its groups and claim groups, its roles and all those groups' roles. */
  private Actor actorOf(String name, Optional<Principal> user, Set<String> claimGroups) {
    Set<String> groups = new LinkedHashSet<>();
    user.ifPresent(u -> groups.addAll(u.groups()));
    groups.addAll(claimGroups);
    Set<Role> roles = EnumSet.noneOf(Role.class);
    user.ifPresent(u -> roles.addAll(u.roles()));
    for (String group : groups) {
      store.principal(group).filter(g -> g.kind() == PrincipalKind.GROUP).ifPresent(g -> roles.addAll(g.roles()));
    }
    return new Actor(name, roles, groups);
  }

  Me me(Actor actor) {
    Instant now = ctx.clock().instant();
    List<Grant> active = store.grants(GrantQuery.activeOf(actor.principal())).stream()
        .filter(g -> g.endsAt().isAfter(now)).toList();
    List<AccessRequest> pending = store.requests(
        new RequestQuery(RequestState.PENDING, actor.principal(), PAGE)).stream()
        .filter(r -> RequestRules.isOpenAt(r, now)).toList();
    return new Me(actor.principal(), actor.roles(), actor.groups(), active, pending);
  }

  Optional<IssuedToken> bootstrapAdmin(String adminName, Optional<String> presetSecret) {
    Optional<String> preset = presetSecret == null ? Optional.empty() : presetSecret;
    preset.ifPresent(s -> {
      if (!s.startsWith(TokenSecrets.TOKEN_PREFIX) || s.length() < TokenSecrets.MIN_PRESET_LENGTH
          || s.length() > 512 || s.chars().anyMatch(c -> c <= ' ' || c >= 127)) {
        throw invalid("bootstrapToken", "must start with jgt_, be at least "
            + TokenSecrets.MIN_PRESET_LENGTH + " printable ASCII characters, and contain no spaces");
      }
    });
    return ctx.write(now -> {
      Names.principal("adminName", adminName);
      if (store.principals().stream().anyMatch(p -> p.roles().contains(Role.ADMIN))) {
        return Optional.<IssuedToken>empty();
      }
      Optional<Principal> existing = store.principal(adminName);
      if (existing.isPresent() && existing.get().kind() != PrincipalKind.USER) {
        throw invalid("adminName", adminName + " is a group");
      }
      Principal admin = existing.map(p -> withRole(p, Role.ADMIN)).orElseGet(() -> new Principal(adminName,
          PrincipalKind.USER, "", "", List.of(), Set.of(Role.ADMIN), PrincipalSource.LOCAL, 0));
      String secret = preset.orElseGet(() -> TokenSecrets.newToken(ctx.random()));
      String hash = TokenSecrets.hash(secret);
      ChangeSet.Builder changes = ChangeSet.builder().put(admin).event(ctx.tx().event(Decision.SYSTEM, now,
          "principal.put", admin,
          Map.of("kind", "user", "roles", EventDetails.roles(admin.roles()), "bootstrap", "true")));
      Optional<ApiToken> known = store.tokenByHash(hash);
      if (known.isPresent() && (!known.get().principal().equals(adminName) || !known.get().isUsableAt(now))) {
        throw invalid("bootstrapToken", "is already used by another or an unusable API token;"
            + " choose a new one");
      }
      ApiToken token = known.orElseGet(() -> new ApiToken(ctx.ids().next(), adminName, "bootstrap", hash, now,
          now.plus(DefaultAccessService.MAX_TOKEN_TTL), false, 0));
      if (known.isEmpty()) {
        changes.put(token)
            .event(ctx.tx().event(Decision.SYSTEM, now, "api_token.create", token, EventDetails.token(token)));
      }
      CommitResult result = store.commit(changes.build());
      ApiToken stored = known.isPresent() ? token : result.stored(1, ApiToken.class);
      return Optional.of(new IssuedToken(stored, secret));
    });
  }

  private static Principal withRole(Principal p, Role role) {
    Set<Role> roles = EnumSet.noneOf(Role.class);
    roles.addAll(p.roles());
    roles.add(role);
    return new Principal(p.name(), p.kind(), p.displayName(), p.email(), p.groups(), roles, p.source(),
        p.revision());
  }
}
