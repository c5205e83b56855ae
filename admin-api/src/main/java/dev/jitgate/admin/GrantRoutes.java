package dev.jitgate.admin;

import dev.jitgate.access.model.AccessRequest;
import dev.jitgate.access.model.GrantState;
import dev.jitgate.access.service.AccessService;
import dev.jitgate.access.service.IssuedCredential;
import dev.jitgate.access.store.GrantQuery;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.util.Optional;

/** {@code /v1/grants}: list, read, revoke, extend, issue credentials. */
final class GrantRoutes implements RouteGroup {
  private final AccessService service;
  private final HttpJson json;
  private final Optional<ProxyEndpoint> proxy;

  GrantRoutes(AccessService service, HttpJson json, Optional<ProxyEndpoint> proxy) {
    this.service = service;
    this.json = json;
    this.proxy = proxy;
  }

  @Override
  public void register(JavalinDefaultRoutingApi routes) {
    routes.get("/v1/grants", this::list, RouteAccess.AUTHENTICATED);
    routes.get("/v1/grants/{id}", this::read, RouteAccess.AUTHENTICATED);
    routes.post("/v1/grants/{id}/revoke", this::revoke, RouteAccess.AUTHENTICATED);
    routes.post("/v1/grants/{id}/extend", this::extend, RouteAccess.AUTHENTICATED);
    routes.post("/v1/grants/{id}/credentials", this::credentials, RouteAccess.AUTHENTICATED);
  }

  private void list(Context ctx) {
    GrantQuery query = new GrantQuery(
        QueryParams.optional(ctx, "principal"),
        QueryParams.parsed(ctx, "state", GrantState::fromWire),
        QueryParams.optional(ctx, "integration"),
        QueryParams.optional(ctx, "database"),
        QueryParams.limit(ctx));
    json.write(ctx, 200, new Items<>(service.grants(Authenticator.actor(ctx), query)));
  }

  private void read(Context ctx) {
    json.write(ctx, 200, service.grant(Authenticator.actor(ctx), PathText.param(ctx, "id")));
  }

  private void revoke(Context ctx) {
    Bodies.Reason body = json.optionalBody(ctx, Bodies.Reason.class).orElse(Bodies.Reason.NONE);
    json.write(ctx, 200, service.revoke(Authenticator.actor(ctx), PathText.param(ctx, "id"), body.reason()));
  }

  private void extend(Context ctx) {
    Bodies.Extend body = json.body(ctx, Bodies.Extend.class);
    AccessRequest request =
        service.extend(Authenticator.actor(ctx), PathText.param(ctx, "id"), body.duration(), body.reason());
    ctx.header("Location", "/v1/access-requests/" + PathText.segment(request.id()));
    json.write(ctx, 201, request);
  }

  private void credentials(Context ctx) {
    IssuedCredential issued = service.issueCredential(Authenticator.actor(ctx), PathText.param(ctx, "id"));
    ctx.header("Cache-Control", "no-store");
    json.write(ctx, 201, ConnectionInfo.view(issued, proxy));
  }
}
