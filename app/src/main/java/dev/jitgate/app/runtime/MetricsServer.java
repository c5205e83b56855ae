package dev.jitgate.app.runtime;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

/**
 * The HTTP endpoint for operations: {@code GET /metrics} in the Prometheus text format and
 * {@code GET /healthz} (200 while serving, 503 while shutting down). Nothing else.
 */
public final class MetricsServer implements AutoCloseable {

  private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  private final HttpServer server;
  private final ExecutorService executor;

  private MetricsServer(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /** Binds and starts serving. */
  public static MetricsServer start(InetSocketAddress address, PrometheusMeterRegistry registry, BooleanSupplier serving)
      throws IOException {
    HttpServer server = HttpServer.create(address, 16);
    ExecutorService executor = Executors.newFixedThreadPool(2, Thread.ofPlatform().name("metrics-http-", 0).daemon().factory());
    server.setExecutor(executor);
    server.createContext("/", exchange -> handle(exchange, registry, serving));
    server.start();
    return new MetricsServer(server, executor);
  }

  public InetSocketAddress address() {
    return server.getAddress();
  }

  private static void handle(HttpExchange exchange, PrometheusMeterRegistry registry, BooleanSupplier serving)
      throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      if (!method.equals("GET") && !method.equals("HEAD")) {
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        respond(exchange, 405, "text/plain; charset=utf-8", "method not allowed\n");
        return;
      }
      switch (exchange.getRequestURI().getPath()) {
        case "/metrics" -> respond(exchange, 200, PROMETHEUS_TEXT, registry.scrape());
        case "/healthz" -> {
          boolean up = serving.getAsBoolean();
          respond(exchange, up ? 200 : 503, "text/plain; charset=utf-8", up ? "ok\n" : "shutting down\n");
        }
        default -> respond(exchange, 404, "text/plain; charset=utf-8", "not found; try /metrics or /healthz\n");
      }
    }
  }

  private static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", contentType);
    boolean head = exchange.getRequestMethod().equals("HEAD");
    exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
    if (!head) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  /** Stops serving; in-flight requests are cut off. */
  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
