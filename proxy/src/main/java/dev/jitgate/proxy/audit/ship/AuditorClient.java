package dev.jitgate.proxy.audit.ship;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Posts one {@link Batch} to the auditor and classifies the answer. Reads at most
 * {@value #MAX_RESPONSE_BYTES} bytes of a response body, and only for the problem title of an error.
 *
 * <p>Blocking, on the shipper's own thread, over {@link HttpURLConnection} (keep-alive, the compressed body
 * sent with its length, connect and read timeouts): with the JDK's asynchronous {@code HttpClient} an exchange
 * was seen to hang with both ends idle until the timeout, which stalled delivery. {@link #close()} aborts a
 * request in flight by disconnecting it.
 */
final class AuditorClient implements AutoCloseable {

  static final String BATCH_HEADER = "X-Jitgate-Batch";
  static final int MAX_RESPONSE_BYTES = 16 * 1024;
  private static final int MAX_TITLE_CHARS = 200;
  private static final Pattern TITLE = Pattern.compile("\"title\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

  private final ShipperConfig config;
  private volatile HttpURLConnection inFlight;
  private volatile boolean closed;

  AuditorClient(ShipperConfig config) {
    this.config = config;
  }

  /** Sends {@code batch} and waits (bounded by the request timeout per connect and per read) for the answer. */
  Outcome send(Batch batch) {
    if (closed) {
      return new Outcome.Transient("request cancelled (shipper closing)", Optional.empty());
    }
    HttpURLConnection connection = null;
    try {
      connection = (HttpURLConnection) config.endpoint().toURL().openConnection(Proxy.NO_PROXY);
      int timeout = (int) Math.min(Integer.MAX_VALUE, config.requestTimeout().toMillis());
      connection.setConnectTimeout(timeout);
      connection.setReadTimeout(timeout);
      connection.setInstanceFollowRedirects(false);
      connection.setUseCaches(false);
      connection.setRequestMethod("POST");
      connection.setDoOutput(true);
      connection.setRequestProperty("Content-Type", "application/x-ndjson");
      connection.setRequestProperty("Content-Encoding", "gzip");
      connection.setRequestProperty("Authorization", "Bearer " + config.token().value());
      connection.setRequestProperty(BATCH_HEADER, batch.id());
      inFlight = connection;
      if (closed) {
        return new Outcome.Transient("request cancelled (shipper closing)", Optional.empty());
      }
      try (OutputStream out = connection.getOutputStream()) {
        out.write(batch.gzipBody());
      }
      int status = connection.getResponseCode();
      byte[] body = readBounded(status >= 400 ? connection.getErrorStream() : connection.getInputStream());
      return classify(status, body, connection.getHeaderField("Retry-After"));
    } catch (IOException | RuntimeException e) {
      if (connection != null) {
        connection.disconnect(); // a broken exchange must not go back to the keep-alive cache
      }
      return new Outcome.Transient(closed ? "request cancelled (shipper closing)" : describe(e), Optional.empty());
    } finally {
      inFlight = null;
    }
  }

  /** Aborts the request in flight, if any. */
  @Override
  public void close() {
    closed = true;
    HttpURLConnection current = inFlight;
    if (current != null) {
      current.disconnect();
    }
  }

  /** At most {@link #MAX_RESPONSE_BYTES} of {@code in}; the rest is left (the connection is then not reused). */
  private static byte[] readBounded(InputStream in) throws IOException {
    if (in == null) {
      return new byte[0];
    }
    try (in) {
      return in.readNBytes(MAX_RESPONSE_BYTES);
    }
  }

  private static Outcome classify(int status, byte[] body, String retryAfterHeader) {
    if (status >= 200 && status < 300) {
      return new Outcome.Delivered(status);
    }
    String title = problemTitle(body);
    if (status >= 400 && status < 500 && status != 408 && status != 429) {
      return new Outcome.Rejected(status, title);
    }
    Optional<Duration> retryAfter = Optional.ofNullable(retryAfterHeader).flatMap(AuditorClient::seconds);
    return new Outcome.Transient("HTTP " + status + (title.isEmpty() ? "" : " (" + title + ")"), retryAfter);
  }

  private static Optional<Duration> seconds(String value) {
    String trimmed = value.trim();
    if (trimmed.isEmpty() || trimmed.length() > 9 || !trimmed.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return Optional.empty();
    }
    return Optional.of(Duration.ofSeconds(Long.parseLong(trimmed)));
  }

  /** The {@code title} of an RFC 9457 problem body, sanitised and shortened; {@code ""} when absent. */
  static String problemTitle(byte[] bytes) {
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
