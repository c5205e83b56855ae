package dev.jitgate.proxy.audit.ship;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import java.util.zip.GZIPInputStream;

/**
 * A real HTTP server on 127.0.0.1 standing in for the auditor's {@code POST /v1/events}: records
 * every request (headers, gunzipped NDJSON lines) and answers as its {@link Responder} says.
 */
final class RecordingAuditor implements AutoCloseable {

  /** What to answer to the {@code index}-th request (0-based). */
  @FunctionalInterface
  interface Responder {
    Response respond(int index, Received request) throws InterruptedException;
  }

  /** An answer: status, extra headers, body. */
  record Response(int status, Map<String, String> headers, String body) {
    static Response ok() {
      return new Response(200, Map.of(), "{\"accepted\":true}");
    }

    static Response status(int status) {
      return new Response(status, Map.of(), "");
    }
  }

  /** One recorded request. */
  record Received(String method, String path, String contentType, String contentEncoding, String authorization,
      String batch, long ndjsonBytes, List<String> lines, boolean trailingNewline, long spoolAckAtArrival,
      long receivedAtMillis, long bodyBytes) {}

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final AtomicInteger index = new AtomicInteger();
  private volatile Responder responder = (i, r) -> Response.ok();
  private volatile LongSupplier spoolAck = () -> -1;

  private RecordingAuditor(HttpServer server) {
    this.server = server;
  }

  /** Starts on an ephemeral port ({@code port} 0) or on a given one. */
  static RecordingAuditor start(int port) {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
      RecordingAuditor auditor = new RecordingAuditor(server);
      server.setExecutor(auditor.executor);
      server.createContext("/v1/events", auditor::handle);
      server.start();
      return auditor;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  RecordingAuditor respondWith(Responder responder) {
    this.responder = responder;
    return this;
  }

  /** Records the spool's acknowledged sequence as each request arrives. */
  RecordingAuditor observeSpool(LongSupplier acknowledgedSequence) {
    this.spoolAck = acknowledgedSequence;
    return this;
  }

  int port() {
    return server.getAddress().getPort();
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + port() + "/v1/events");
  }

  List<Received> received() {
    return List.copyOf(received);
  }

  /** Every line received, in arrival order, duplicates included. */
  List<String> allLines() {
    List<String> lines = new ArrayList<>();
    received.forEach(request -> lines.addAll(request.lines()));
    return lines;
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] raw = exchange.getRequestBody().readAllBytes();
      String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
      byte[] body = "gzip".equals(encoding) ? gunzip(raw) : raw;
      String text = new String(body, StandardCharsets.UTF_8);
      boolean trailing = text.endsWith("\n");
      List<String> lines = text.isEmpty() ? List.of() : Arrays.asList(text.split("\n", -1));
      if (trailing) {
        lines = lines.subList(0, lines.size() - 1);
      }
      Received request = new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
          exchange.getRequestHeaders().getFirst("Content-Type"), encoding,
          exchange.getRequestHeaders().getFirst("Authorization"),
          exchange.getRequestHeaders().getFirst("X-Jitgate-Batch"), body.length, List.copyOf(lines), trailing,
          spoolAck.getAsLong(), System.currentTimeMillis(), raw.length);
      Response response;
      try {
        response = responder.respond(index.getAndIncrement(), request);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      received.add(request);
      response.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
      byte[] answer = response.body().getBytes(StandardCharsets.UTF_8);
      if (!response.body().isEmpty()) {
        exchange.getResponseHeaders().add("Content-Type",
            response.status() >= 400 ? "application/problem+json" : "application/json");
      }
      exchange.sendResponseHeaders(response.status(), answer.length == 0 ? -1 : answer.length);
      if (answer.length > 0) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(answer);
        }
      }
    }
  }

  private static byte[] gunzip(byte[] bytes) throws IOException {
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
      return in.readAllBytes();
    }
  }

  /** Stops listening at once (the port is closed when this returns). */
  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
