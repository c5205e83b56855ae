package dev.jitgate.auditor.http;

import dev.jitgate.auditor.ingest.IngestProcessor;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.util.Map;
import java.util.Objects;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The auditor's HTTP server on Javalin: {@code POST /v1/events} ({@link IngestRoute}) and
 * {@code GET /healthz}. Every error is an RFC 9457 problem.
 */
public final class AuditorServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AuditorServer.class);
  private static final long STOP_TIMEOUT_MS = 5_000;

  private final Javalin app;

  private AuditorServer(Javalin app) {
    this.app = app;
  }

  /** Builds the routes and starts listening on {@code settings.host():settings.port()}, without meters. */
  public static AuditorServer start(AuditorSettings settings, IngestProcessor processor) {
    return start(settings, processor, IngestMetrics.discarding());
  }

  /** Builds the routes and starts listening on {@code settings.host():settings.port()}, counting in {@code metrics}. */
  public static AuditorServer start(AuditorSettings settings, IngestProcessor processor, IngestMetrics metrics) {
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(processor, "processor");
    Objects.requireNonNull(metrics, "metrics");
    HttpJson json = new HttpJson();
    IngestRoute ingest = new IngestRoute(new IngestTokens(settings.ingestTokenHashes()),
        new BodyReader(settings.maxBodyBytes(), settings.maxDecompressedBytes()), processor, json, metrics);
    Javalin app = Javalin.create(config -> configure(config, settings, json, ingest));
    try {
      app.start(settings.host(), settings.port());
    } catch (RuntimeException e) {
      app.stop();
      throw e;
    }
    LOG.info("auditor listening on {}:{}", settings.host(), app.port());
    return new AuditorServer(app);
  }

  private static void configure(JavalinConfig config, AuditorSettings settings, HttpJson json, IngestRoute ingest) {
    config.startup.showJavalinBanner = false;
    config.startup.showOldJavalinVersionWarning = false;
    config.http.maxRequestSize = settings.maxBodyBytes();
    config.jetty.modifyServer(server -> {
      server.setStopTimeout(STOP_TIMEOUT_MS);
      server.setHandler(new GracefulHandler());
    });
    config.routes.post(IngestRoute.PATH, ingest::handle);
    config.routes.get("/healthz", ctx -> json.write(ctx, 200, Map.of("status", "ok")));
    config.routes.exception(ProblemException.class, (e, ctx) -> {
      e.headers().forEach(ctx::header);
      json.writeProblem(ctx, e.problem());
    });
    config.routes.exception(Exception.class, (e, ctx) -> {
      LOG.error("unhandled exception on {} {}", ctx.method(), ctx.path(), e);
      json.writeProblem(ctx, Problem.of(500, "internal", "Internal server error",
          "an unexpected error occurred; it has been logged"));
    });
    for (int status : new int[] {404, 405}) {
      config.routes.error(status, ctx -> ensureProblem(ctx, json));
    }
  }

  private static void ensureProblem(Context ctx, HttpJson json) {
    String contentType = ctx.res().getContentType();
    if (contentType != null && contentType.startsWith(Problem.MEDIA_TYPE)) {
      return;
    }
    int status = ctx.statusCode();
    json.writeProblem(ctx, status == 404
        ? Problem.of(404, "not-found", "Not found", "no such route")
        : Problem.of(405, "method-not-allowed", "Method not allowed", "the method is not allowed here"));
  }

  /** The bound port (the ephemeral one when the settings asked for port 0). */
  public int port() {
    return app.port();
  }

  /** Stops accepting requests, lets in-flight ones finish and releases the port. */
  @Override
  public void close() {
    app.stop();
  }
}
