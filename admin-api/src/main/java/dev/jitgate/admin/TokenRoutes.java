package dev.jitgate.admin;

import dev.jitgate.access.service.AccessService;
import dev.jitgate.access.service.Actor;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.util.List;

/**
 * {@code /v1/tokens}: create, list (without hashes), revoke. Who may list whose tokens is the service's rule.
 */
final class TokenRoutes implements RouteGroup {
  private final AccessService service;
  private final HttpJson json;

  TokenRoutes(AccessService service, HttpJson json) {
    this.service = service;
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
    List<Views.TokenView> tokens = service.tokens(actor, principal).stream().map(Views.TokenView::of).toList();
    json.write(ctx, 200, new Items<>(tokens));
  }

  private void revoke(Context ctx) {
    service.revokeToken(Authenticator.actor(ctx), PathText.param(ctx, "id"));
    ctx.status(204);
  }
}
