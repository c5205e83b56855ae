package dev.jitgate.admin;

import dev.jitgate.access.model.Resource;
import dev.jitgate.access.service.AccessService;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;

/** {@code /v1/resources}: list by integration, upsert by path, delete by path. */
final class ResourceRoutes implements RouteGroup {
  private final AccessService service;
  private final HttpJson json;

  ResourceRoutes(AccessService service, HttpJson json) {
    this.service = service;
    this.json = json;
  }

  @Override
  public void register(JavalinDefaultRoutingApi routes) {
    routes.get("/v1/resources", this::list, RouteAccess.AUTHENTICATED);
    routes.put("/v1/resources", this::put, RouteAccess.AUTHENTICATED);
    routes.delete("/v1/resources", this::delete, RouteAccess.AUTHENTICATED);
  }

  private void list(Context ctx) {
    String integration = QueryParams.required(ctx, "integration");
    json.write(ctx, 200, new Items<>(service.resources(Authenticator.actor(ctx), integration)));
  }

  private void put(Context ctx) {
    Resource body = json.body(ctx, Resource.class);
    json.write(ctx, 200, service.putResource(Authenticator.actor(ctx), body));
  }

  private void delete(Context ctx) {
    String path = QueryParams.required(ctx, "path");
    service.deleteResource(Authenticator.actor(ctx), path);
    ctx.status(204);
  }
}
