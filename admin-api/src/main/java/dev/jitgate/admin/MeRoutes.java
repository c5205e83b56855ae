package dev.jitgate.admin;

import dev.jitgate.access.service.AccessService;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;

/** {@code /v1/me}: the caller's roles, groups, active grants and pending requests. */
final class MeRoutes implements RouteGroup {
  private final AccessService service;
  private final HttpJson json;

  MeRoutes(AccessService service, HttpJson json) {
    this.service = service;
    this.json = json;
  }

  @Override
  public void register(JavalinDefaultRoutingApi routes) {
    routes.get("/v1/me", this::me, RouteAccess.AUTHENTICATED);
  }

  private void me(Context ctx) {
    json.write(ctx, 200, service.me(Authenticator.actor(ctx)));
  }
}
