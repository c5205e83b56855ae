package dev.jitgate.admin;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Set;

/**
 * Times every request into {@code jitgate.admin.requests}, tagged with the method, the route template
 * (never the raw path, so ids do not explode the series) and the status.
 */
final class RequestMetrics {
  static final String TIMER = "jitgate.admin.requests";

  private static final Set<HandlerType> KNOWN_METHODS = Set.of(HandlerType.GET, HandlerType.HEAD,
      HandlerType.POST, HandlerType.PUT, HandlerType.PATCH, HandlerType.DELETE, HandlerType.OPTIONS);

  private final MeterRegistry registry;

  RequestMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** A Javalin request logger: called once per request with its duration in milliseconds. */
  void record(Context ctx, Float millis) {
    Timer.builder(TIMER)
        .description("Admin API requests")
        .tag("method", method(ctx.method()))
        .tag("route", ProblemMapper.routeOf(ctx))
        .tag("status", Integer.toString(ctx.statusCode()))
        .register(registry)
        .record(Duration.ofNanos((long) (millis * 1_000_000.0)));
  }

  /** The method tag; unusual methods share {@code OTHER} so that clients cannot create series at will. */
  private static String method(HandlerType method) {
    return KNOWN_METHODS.contains(method) ? method.name() : "OTHER";
  }
}
