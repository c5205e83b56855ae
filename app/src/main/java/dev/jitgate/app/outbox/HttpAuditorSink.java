package dev.jitgate.app.outbox;

import dev.jitgate.app.config.AuditorTarget;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.zip.GZIPOutputStream;

/**
 * Delivers admin events to an auditor's {@code POST /v1/events}: gzip NDJSON with the bearer token, like the
 * proxy's shipper. Any 2xx is a delivery; everything else (other statuses, I/O errors, timeouts) is a
 * failure that the drainer retries. The token is never logged.
 */
public final class HttpAuditorSink implements AdminEventSink {

  /** Limit for connecting and for the answer of one request. */
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

  private final AuditorTarget target;
  private final HttpClient client;

  public HttpAuditorSink(AuditorTarget target) {
    this.target = Objects.requireNonNull(target, "target");
    this.client = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1) // the auditor speaks HTTP/1.1; no h2c upgrade attempts
        .connectTimeout(REQUEST_TIMEOUT)
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }

  @Override
  public Delivery deliver(List<String> ndjsonLines) {
    HttpRequest request = HttpRequest.newBuilder(target.url())
        .timeout(REQUEST_TIMEOUT)
        .header("Content-Type", "application/x-ndjson")
        .header("Content-Encoding", "gzip")
        .header("Authorization", "Bearer " + target.token().value())
        .POST(HttpRequest.BodyPublishers.ofByteArray(gzip(ndjsonLines)))
        .build();
    try {
      HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
      int status = response.statusCode();
      return status >= 200 && status < 300 ? new Delivery.Delivered()
          : new Delivery.Failed("HTTP " + status + " from " + target.url());
    } catch (IOException e) {
      return new Delivery.Failed(e.getClass().getSimpleName() + " talking to " + target.url());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Delivery.Failed("interrupted");
    }
  }

  private static byte[] gzip(List<String> lines) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
      for (String line : lines) {
        out.write(line.getBytes(StandardCharsets.UTF_8));
        out.write('\n');
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  @Override
  public void close() {
    client.shutdownNow();
  }

  @Override
  public String toString() {
    return "HttpAuditorSink[" + target.url() + "]";
  }
}
