package dev.jitgate.admin;

import dev.jitgate.access.store.AccessStore;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The public operational routes: liveness, readiness (the store answers) and Prometheus metrics. */
final class HealthRoutes implements RouteGroup {
  private static final Logger LOG = LoggerFactory.getLogger(HealthRoutes.class);
  static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  private final AccessStore store;
  private final PrometheusMeterRegistry registry;
  private final HttpJson json;

  HealthRoutes(AccessStore store, PrometheusMeterRegistry registry, HttpJson json) {
    this.store = store;
    this.registry = registry;
    this.json = json;
  }

  @Override
  public void register(JavalinDefaultRoutingApi routes) {
    routes.get("/healthz", this::health, RouteAccess.PUBLIC);
    routes.get("/readyz", this::ready, RouteAccess.PUBLIC);
    routes.get("/metrics", this::metrics, RouteAccess.PUBLIC);
  }

  private void health(Context ctx) {
    json.write(ctx, 200, Map.of("status", "ok"));
  }

  private void ready(Context ctx) {
    try {
      store.currentVersion();
    } catch (RuntimeException e) {
      LOG.warn("not ready: the access store does not answer", e);
      json.writeProblem(ctx, Problem.of(503, "unavailable", "Service unavailable",
          "the state store is unavailable", null));
      return;
    }
    json.write(ctx, 200, Map.of("status", "ready"));
  }

  private void metrics(Context ctx) {
    ctx.status(200).contentType(PROMETHEUS_TEXT).result(registry.scrape());
  }
}
