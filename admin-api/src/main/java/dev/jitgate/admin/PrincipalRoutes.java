package dev.jitgate.admin;

import dev.jitgate.access.model.Principal;
import dev.jitgate.access.service.AccessService;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;

/** {@code /v1/principals}: list, read, put, delete users and groups. */
final class PrincipalRoutes implements RouteGroup {
  private final AccessService service;
  private final HttpJson json;

  PrincipalRoutes(AccessService service, HttpJson json) {
    this.service = service;
    this.json = json;
  }

  @Override
  public void register(JavalinDefaultRoutingApi routes) {
    routes.get("/v1/principals", this::list, RouteAccess.AUTHENTICATED);
    routes.get("/v1/principals/{name}", this::read, RouteAccess.AUTHENTICATED);
    routes.put("/v1/principals/{name}", this::put, RouteAccess.AUTHENTICATED);
    routes.delete("/v1/principals/{name}", this::delete, RouteAccess.AUTHENTICATED);
  }

  private void list(Context ctx) {
    json.write(ctx, 200, new Items<>(service.principals(Authenticator.actor(ctx))));
  }

  private void read(Context ctx) {
    json.write(ctx, 200, service.principal(Authenticator.actor(ctx), PathText.param(ctx, "name")));
  }

  private void put(Context ctx) {
    String name = PathText.param(ctx, "name");
    Principal body = json.body(ctx, Principal.class);
    PathText.requireSame("name", name, body.name());
    json.write(ctx, 200, service.putPrincipal(Authenticator.actor(ctx), body));
  }

  private void delete(Context ctx) {
    service.deletePrincipal(Authenticator.actor(ctx), PathText.param(ctx, "name"));
    ctx.status(204);
  }
}
