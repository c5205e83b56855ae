package dev.jitgate.proxy.audit.ship;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Posts one {@link Batch} to the auditor and classifies the answer. Reads at most
 * {@value #MAX_RESPONSE_BYTES} bytes of a response body, and only for the problem title of an error.
 */
final class AuditorClient implements AutoCloseable {

  static final String BATCH_HEADER = "X-Jitgate-Batch";
  static final int MAX_RESPONSE_BYTES = 16 * 1024;
  private static final int MAX_TITLE_CHARS = 200;
  private static final Pattern TITLE = Pattern.compile("\"title\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

  private final ShipperConfig config;
  private final HttpClient client;
  private volatile CompletableFuture<?> inFlight;
  private volatile boolean closed;

  AuditorClient(ShipperConfig config) {
    this.config = config;
    this.client = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1) // no h2c upgrade offer on every POST: the auditor speaks HTTP/1.1
        .connectTimeout(config.requestTimeout())
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }

  /** Sends {@code batch} and waits (bounded by twice the request timeout) for the answer. */
  Outcome send(Batch batch) {
    HttpRequest request = HttpRequest.newBuilder(config.endpoint())
        .timeout(config.requestTimeout())
        .header("Content-Type", "application/x-ndjson")
        .header("Content-Encoding", "gzip")
        .header("Authorization", "Bearer " + config.token().value())
        .header(BATCH_HEADER, batch.id())
        .POST(HttpRequest.BodyPublishers.ofByteArray(batch.gzipBody()))
        .build();
    // The whole answer (at most MAX_RESPONSE_BYTES of body) arrives within the bounded wait below; nothing
    // blocks on the client's own threads (a blocking read of an ofInputStream body in a dependent stage can
    // starve the very threads that deliver it).
    CompletableFuture<HttpResponse<byte[]>> future =
        client.sendAsync(request, info -> new BoundedBody(MAX_RESPONSE_BYTES));
    inFlight = future;
    try {
      if (closed) {
        future.cancel(true);
      }
      return classify(future.get(config.requestTimeout().toNanos() * 2, TimeUnit.NANOSECONDS));
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      return new Outcome.Transient(describe(cause), Optional.empty());
    } catch (TimeoutException e) {
      future.cancel(true);
      return new Outcome.Transient("no answer within " + config.requestTimeout().multipliedBy(2), Optional.empty());
    } catch (CancellationException e) {
      return new Outcome.Transient("request cancelled (shipper closing)", Optional.empty());
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      return new Outcome.Transient("interrupted", Optional.empty());
    } finally {
      inFlight = null;
    }
  }

  /** Cancels the request in flight, if any, and shuts the HTTP client down. */
  @Override
  public void close() {
    closed = true;
    CompletableFuture<?> current = inFlight;
    if (current != null) {
      current.cancel(true);
    }
    client.shutdownNow();
  }

  private static Outcome classify(HttpResponse<byte[]> response) {
    int status = response.statusCode();
    if (status >= 200 && status < 300) {
      return new Outcome.Delivered(status);
    }
    String title = problemTitle(new ByteArrayInputStream(response.body()));
    if (status >= 400 && status < 500 && status != 408 && status != 429) {
      return new Outcome.Rejected(status, title);
    }
    Optional<Duration> retryAfter = response.headers().firstValue("Retry-After").flatMap(AuditorClient::seconds);
    return new Outcome.Transient("HTTP " + status + (title.isEmpty() ? "" : " (" + title + ")"), retryAfter);
  }

  private static Optional<Duration> seconds(String value) {
    String trimmed = value.trim();
    if (trimmed.isEmpty() || trimmed.length() > 9 || !trimmed.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return Optional.empty();
    }
    return Optional.of(Duration.ofSeconds(Long.parseLong(trimmed)));
  }

  /** Collects at most {@code limit} bytes of a response body, then cancels the rest. */
  private static final class BoundedBody implements HttpResponse.BodySubscriber<byte[]> {
    private final int limit;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final CompletableFuture<byte[]> body = new CompletableFuture<>();
    private Flow.Subscription subscription;

    BoundedBody(int limit) {
      this.limit = limit;
    }

    @Override
    public CompletionStage<byte[]> getBody() {
      return body;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      this.subscription = subscription;
      subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
      for (ByteBuffer item : items) {
        int take = Math.min(item.remaining(), limit - bytes.size());
        byte[] chunk = new byte[take];
        item.get(chunk);
        bytes.writeBytes(chunk);
      }
      if (bytes.size() >= limit && !body.isDone()) {
        subscription.cancel();
        body.complete(bytes.toByteArray());
      }
    }

    @Override
    public void onError(Throwable failure) {
      body.completeExceptionally(failure);
    }

    @Override
    public void onComplete() {
      body.complete(bytes.toByteArray());
    }
  }

  /** The {@code title} of an RFC 9457 problem body, sanitised and shortened; {@code ""} when absent. */
  static String problemTitle(InputStream body) {
    byte[] bytes;
    try (body) {
      bytes = body.readNBytes(MAX_RESPONSE_BYTES);
    } catch (IOException e) {
      return "";
    }
    Matcher matcher = TITLE.matcher(new String(bytes, StandardCharsets.UTF_8));
    if (!matcher.find()) {
      return "";
    }
    String raw = matcher.group(1).replace("\\\"", "\"").replace("\\\\", "\\");
    StringBuilder clean = new StringBuilder();
    raw.codePoints().limit(MAX_TITLE_CHARS)
        .forEach(c -> clean.appendCodePoint(Character.isISOControl(c) ? ' ' : c));
    return clean.toString();
  }

  private static String describe(Throwable failure) {
    String message = failure.getMessage();
    String name = failure.getClass().getSimpleName();
    return message == null || message.isBlank() ? name : name + ": " + message;
  }
}
