package dev.jitgate.admin;

import dev.jitgate.access.model.ApiToken;
import dev.jitgate.access.model.EntityKind;
import dev.jitgate.access.model.Role;
import dev.jitgate.access.service.AccessException;
import dev.jitgate.access.service.AccessService;
import dev.jitgate.access.service.Actor;
import dev.jitgate.access.service.RejectionCode;
import dev.jitgate.access.store.AccessStore;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.util.Comparator;
import java.util.List;

/**
 * {@code /v1/tokens}: create, list (without hashes), revoke. Listing reads the store directly because
 * the service has no listing operation; it applies the service's rule for tokens: one's own, or anyone's
 * for admins, auditors and approvers.
 */
final class TokenRoutes implements RouteGroup {
  private final AccessService service;
  private final AccessStore store;
  private final HttpJson json;

  TokenRoutes(AccessService service, AccessStore store, HttpJson json) {
    this.service = service;
    this.store = store;
    this.json = json;
  }

  @Override
  public void register(JavalinDefaultRoutingApi routes) {
    routes.post("/v1/tokens", this::create, RouteAccess.AUTHENTICATED);
    routes.get("/v1/tokens", this::list, RouteAccess.AUTHENTICATED);
    routes.delete("/v1/tokens/{id}", this::revoke, RouteAccess.AUTHENTICATED);
  }

  private void create(Context ctx) {
    Actor actor = Authenticator.actor(ctx);
    Bodies.NewToken body = json.body(ctx, Bodies.NewToken.class);
    String principal = body.principal() == null ? actor.principal() : body.principal();
    Views.CreatedToken created = Views.CreatedToken.of(service.createToken(actor, principal, body.name(), body.ttl()));
    ctx.header("Cache-Control", "no-store");
    json.write(ctx, 201, created);
  }

  private void list(Context ctx) {
    Actor actor = Authenticator.actor(ctx);
    String principal = QueryParams.optional(ctx, "principal");
    boolean readsOthers = actor.has(Role.AUDITOR) || actor.has(Role.APPROVER);
    if (!readsOthers && principal != null && !principal.equals(actor.principal())) {
      throw new AccessException(RejectionCode.FORBIDDEN, "principal",
          "only admins, auditors and approvers may list other principals' tokens");
    }
    String only = readsOthers ? principal : actor.principal();
    List<Views.TokenView> tokens = store.list(EntityKind.TOKEN).stream()
        .map(ApiToken.class::cast)
        .filter(t -> only == null || t.principal().equals(only))
        .sorted(Comparator.comparing(ApiToken::createdAt).reversed())
        .map(Views.TokenView::of)
        .toList();
    json.write(ctx, 200, new Items<>(tokens));
  }

  private void revoke(Context ctx) {
    service.revokeToken(Authenticator.actor(ctx), PathText.param(ctx, "id"));
    ctx.status(204);
  }
}
