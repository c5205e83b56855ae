package dev.jitgate.admin;

import dev.jitgate.access.model.Integration;
import dev.jitgate.access.service.AccessService;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;

/** {@code /v1/integrations}: list, create, read, replace, delete, test. */
final class IntegrationRoutes implements RouteGroup {
  private final AccessService service;
  private final HttpJson json;

  IntegrationRoutes(AccessService service, HttpJson json) {
    this.service = service;
    this.json = json;
  }

  @Override
  public void register(JavalinDefaultRoutingApi routes) {
    routes.get("/v1/integrations", this::list, RouteAccess.AUTHENTICATED);
    routes.post("/v1/integrations", this::create, RouteAccess.AUTHENTICATED);
    routes.get("/v1/integrations/{name}", this::read, RouteAccess.AUTHENTICATED);
    routes.put("/v1/integrations/{name}", this::replace, RouteAccess.AUTHENTICATED);
    routes.delete("/v1/integrations/{name}", this::delete, RouteAccess.AUTHENTICATED);
    routes.post("/v1/integrations/{name}/test", this::test, RouteAccess.AUTHENTICATED);
  }

  private void list(Context ctx) {
    json.write(ctx, 200, new Items<>(service.integrations(Authenticator.actor(ctx))));
  }

  private void create(Context ctx) {
    Integration body = json.body(ctx, Integration.class);
    Integration created = service.createIntegration(Authenticator.actor(ctx), body);
    ctx.header("Location", "/v1/integrations/" + PathText.segment(created.name()));
    json.write(ctx, 201, created);
  }

  private void read(Context ctx) {
    json.write(ctx, 200, service.integration(Authenticator.actor(ctx), PathText.param(ctx, "name")));
  }

  private void replace(Context ctx) {
    String name = PathText.param(ctx, "name");
    Integration body = json.body(ctx, Integration.class);
    PathText.requireSame("name", name, body.name());
    json.write(ctx, 200, service.updateIntegration(Authenticator.actor(ctx), body));
  }

  private void delete(Context ctx) {
    service.deleteIntegration(Authenticator.actor(ctx), PathText.param(ctx, "name"));
    ctx.status(204);
  }

  private void test(Context ctx) {
    json.write(ctx, 200, service.testIntegration(Authenticator.actor(ctx), PathText.param(ctx, "name")));
  }
}
