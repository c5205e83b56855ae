package dev.jitgate.admin;

import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** {@code GET /v1/openapi.yaml}: the hand-written OpenAPI 3.1 document, public. */
final class OpenApiRoutes implements RouteGroup {
  /** The document's classpath location. */
  static final String RESOURCE = "/openapi.yaml";

  private final byte[] document;

  OpenApiRoutes() {
    this.document = load();
  }

  @Override
  public void register(JavalinDefaultRoutingApi routes) {
    routes.get("/v1/openapi.yaml", this::serve, RouteAccess.PUBLIC);
  }

  private void serve(Context ctx) {
    ctx.status(200).contentType("application/yaml").result(document);
  }

  static byte[] load() {
    try (InputStream in = OpenApiRoutes.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("the OpenAPI document " + RESOURCE + " is missing from the classpath");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("reading the OpenAPI document failed", e);
    }
  }
}
