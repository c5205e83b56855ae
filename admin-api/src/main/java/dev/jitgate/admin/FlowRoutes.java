package dev.jitgate.admin;

import dev.jitgate.access.model.AccessFlow;
import dev.jitgate.access.service.AccessService;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;

/** {@code /v1/access-flows}: list, create, read, replace, delete. */
final class FlowRoutes implements RouteGroup {
  private final AccessService service;
  private final HttpJson json;

  FlowRoutes(AccessService service, HttpJson json) {
    this.service = service;
    this.json = json;
  }

  @Override
  public void register(JavalinDefaultRoutingApi routes) {
    routes.get("/v1/access-flows", this::list, RouteAccess.AUTHENTICATED);
    routes.post("/v1/access-flows", this::create, RouteAccess.AUTHENTICATED);
    routes.get("/v1/access-flows/{name}", this::read, RouteAccess.AUTHENTICATED);
    routes.put("/v1/access-flows/{name}", this::replace, RouteAccess.AUTHENTICATED);
    routes.delete("/v1/access-flows/{name}", this::delete, RouteAccess.AUTHENTICATED);
  }

  private void list(Context ctx) {
    json.write(ctx, 200, new Items<>(service.flows(Authenticator.actor(ctx))));
  }

  private void create(Context ctx) {
    AccessFlow body = json.body(ctx, AccessFlow.class);
    AccessFlow created = service.createFlow(Authenticator.actor(ctx), body);
    ctx.header("Location", "/v1/access-flows/" + PathText.segment(created.name()));
    json.write(ctx, 201, created);
  }

  private void read(Context ctx) {
    json.write(ctx, 200, service.flow(Authenticator.actor(ctx), PathText.param(ctx, "name")));
  }

  private void replace(Context ctx) {
    String name = PathText.param(ctx, "name");
    AccessFlow body = json.body(ctx, AccessFlow.class);
    PathText.requireSame("name", name, body.name());
    json.write(ctx, 200, service.updateFlow(Authenticator.actor(ctx), body));
  }

  private void delete(Context ctx) {
    service.deleteFlow(Authenticator.actor(ctx), PathText.param(ctx, "name"));
    ctx.status(204);
  }
}
