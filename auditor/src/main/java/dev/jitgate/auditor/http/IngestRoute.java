package dev.jitgate.auditor.http;

import dev.jitgate.auditor.ingest.IngestProcessor;
import dev.jitgate.auditor.ingest.IngestReport;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/events}: authenticates the shipper, checks the media type and encoding, reads the bounded
 * body and ingests it. Bad lines are reported in a 200 (the valid events were stored and resending would not
 * fix the bad ones); a failing store is a 503 so the shipper retries. Logs counts and the batch id only.
 */
final class IngestRoute {
  static final String PATH = "/v1/events";
  static final String NDJSON = "application/x-ndjson";
  private static final Logger LOG = LoggerFactory.getLogger(IngestRoute.class);
  private static final Pattern SAFE_BATCH_ID = Pattern.compile("[A-Za-z0-9._:-]{1,100}");

  private final IngestTokens tokens;
  private final BodyReader bodies;
  private final IngestProcessor processor;
  private final HttpJson json;
  private final IngestMetrics metrics;

  IngestRoute(IngestTokens tokens, BodyReader bodies, IngestProcessor processor, HttpJson json,
      IngestMetrics metrics) {
    this.tokens = tokens;
    this.bodies = bodies;
    this.processor = processor;
    this.json = json;
    this.metrics = metrics;
  }

  void handle(Context ctx) {
    try {
      ingest(ctx);
    } catch (ProblemException e) {
      metrics.refused(e.problem().status());
      throw e;
    }
  }

  private void ingest(Context ctx) {
    tokens.check(ctx.header("Authorization"));
    checkContentType(ctx.header("Content-Type"));
    BodyReader.Encoding encoding = encoding(ctx.header("Content-Encoding"));
    bodies.checkDeclaredLength(ctx.req().getContentLengthLong());
    String body;
    try (InputStream in = ctx.req().getInputStream()) {
      body = bodies.read(in, encoding);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String batch = batchId(ctx.header("X-Jitgate-Batch"));
    IngestReport report;
    long started = System.nanoTime();
    try {
      report = processor.ingest(body);
    } catch (RuntimeException e) {
      LOG.warn("ingest of batch {} failed in the store: {}", batch, e.getClass().getName());
      throw new ProblemException(Problem.of(503, "store-unavailable", "Audit store unavailable",
          "the audit store could not take the batch; retry later"), Map.of("Retry-After", "5"));
    }
    metrics.stored(report, System.nanoTime() - started);
    LOG.info("batch {}: {} accepted, {} duplicates, {} invalid lines, {} chain alerts", batch,
        report.accepted(), report.duplicates(), report.invalid().size(), report.alerts().size());
    json.write(ctx, 200, IngestResponse.of(report));
  }

  private static void checkContentType(String contentType) {
    String mediaType = contentType == null ? "" : contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    if (!mediaType.equals(NDJSON)) {
      throw new ProblemException(Problem.of(415, "unsupported-media-type", "Unsupported media type",
          "Content-Type must be " + NDJSON));
    }
  }

  private static BodyReader.Encoding encoding(String contentEncoding) {
    String value = contentEncoding == null ? "" : contentEncoding.strip().toLowerCase(Locale.ROOT);
    return switch (value) {
      case "", "identity" -> BodyReader.Encoding.IDENTITY;
      case "gzip", "x-gzip" -> BodyReader.Encoding.GZIP;
      default -> throw new ProblemException(Problem.of(415, "unsupported-encoding", "Unsupported content encoding",
          "Content-Encoding must be gzip or identity"));
    };
  }

  private static String batchId(String header) {
    return header != null && SAFE_BATCH_ID.matcher(header).matches() ? header : "(unnamed)";
  }
}
