package dev.jitgate.admin;

import dev.jitgate.access.model.AccessRequest;
import dev.jitgate.access.model.RequestState;
import dev.jitgate.access.service.AccessService;
import dev.jitgate.access.store.RequestQuery;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;

/** {@code /v1/access-requests}: file, list, read, approve, deny, cancel. */
final class RequestRoutes implements RouteGroup {
  private final AccessService service;
  private final HttpJson json;

  RequestRoutes(AccessService service, HttpJson json) {
    this.service = service;
    this.json = json;
  }

  @Override
  public void register(JavalinDefaultRoutingApi routes) {
    routes.post("/v1/access-requests", this::create, RouteAccess.AUTHENTICATED);
    routes.get("/v1/access-requests", this::list, RouteAccess.AUTHENTICATED);
    routes.get("/v1/access-requests/{id}", this::read, RouteAccess.AUTHENTICATED);
    routes.post("/v1/access-requests/{id}/approve", this::approve, RouteAccess.AUTHENTICATED);
    routes.post("/v1/access-requests/{id}/deny", this::deny, RouteAccess.AUTHENTICATED);
    routes.post("/v1/access-requests/{id}/cancel", this::cancel, RouteAccess.AUTHENTICATED);
  }

  private void create(Context ctx) {
    Bodies.NewRequest body = json.body(ctx, Bodies.NewRequest.class);
    AccessRequest created = service.createRequest(Authenticator.actor(ctx), body.toModel());
    ctx.header("Location", "/v1/access-requests/" + PathText.segment(created.id()));
    json.write(ctx, 201, created);
  }

  private void list(Context ctx) {
    RequestQuery query = new RequestQuery(
        QueryParams.parsed(ctx, "state", RequestState::fromWire),
        QueryParams.optional(ctx, "requester"),
        QueryParams.limit(ctx));
    json.write(ctx, 200, new Items<>(service.requests(Authenticator.actor(ctx), query)));
  }

  private void read(Context ctx) {
    json.write(ctx, 200, service.request(Authenticator.actor(ctx), PathText.param(ctx, "id")));
  }

  private void approve(Context ctx) {
    Bodies.Comment body = json.optionalBody(ctx, Bodies.Comment.class).orElse(Bodies.Comment.NONE);
    json.write(ctx, 200, service.approve(Authenticator.actor(ctx), PathText.param(ctx, "id"), body.comment()));
  }

  private void deny(Context ctx) {
    Bodies.Comment body = json.optionalBody(ctx, Bodies.Comment.class).orElse(Bodies.Comment.NONE);
    json.write(ctx, 200, service.deny(Authenticator.actor(ctx), PathText.param(ctx, "id"), body.comment()));
  }

  private void cancel(Context ctx) {
    json.write(ctx, 200, service.cancel(Authenticator.actor(ctx), PathText.param(ctx, "id")));
  }
}
