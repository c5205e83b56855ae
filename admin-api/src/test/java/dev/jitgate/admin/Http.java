package dev.jitgate.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A small JSON client over java.net.http for the API tests. */
final class Http {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final URI base;

  Http(URI base) {
    this.base = base;
  }

  Response get(String path, String token) {
    return send("GET", path, token, null, null);
  }

  Response delete(String path, String token) {
    return send("DELETE", path, token, null, null);
  }

  Response post(String path, String token, String json) {
    return send("POST", path, token, json, json == null ? null : "application/json");
  }

  Response put(String path, String token, String json) {
    return send("PUT", path, token, json, "application/json");
  }

  private static final int LARGE_BODY = 64 * 1024;

  /** Sends a request; {@code token} null means no Authorization header, {@code body} null no body. */
  Response send(String method, String path, String token, String body, String contentType) {
    HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(20));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (body != null && body.length() > LARGE_BODY) {
      // As curl does: ask before sending a large body, so a server that refuses it (413) on its headers
      // alone answers before the upload. Without it, the server closing with unread bytes can reset the
      // connection before its answer is read (a flaky "header parser received no bytes").
      b.expectContinue(true);
    }
    try {
      HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
      return new Response(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""),
          r.headers().firstValue("WWW-Authenticate").orElse(null), r.headers().firstValue("Location").orElse(null),
          r.body());
    } catch (IOException e) {
      throw new UncheckedIOException(method + " " + path + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** {@code GET path} as raw bytes, with the headers of a download. */
  Export export(String path, String token) {
    HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(20)).GET();
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    try {
      HttpResponse<byte[]> r = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
      return new Export(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""),
          r.headers().firstValue("Content-Disposition").orElse(null), r.body());
    } catch (IOException e) {
      throw new UncheckedIOException("GET " + path + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * A download.
   *
   * @param status HTTP status
   * @param contentType the Content-Type header, "" when absent
   * @param contentDisposition the Content-Disposition header, null when absent
   * @param body the body bytes
   */
  record Export(int status, String contentType, String contentDisposition, byte[] body) {
    @Override
    public String toString() {
      return status + " " + contentType + " " + new String(body, java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  /**
   * One response.
   *
   * @param status HTTP status
   * @param contentType the Content-Type header, "" when absent
   * @param wwwAuthenticate the WWW-Authenticate header, null when absent
   * @param location the Location header, null when absent
   * @param body the body text
   */
  record Response(int status, String contentType, String wwwAuthenticate, String location, String body) {
    JsonNode json() {
      try {
        return MAPPER.readTree(body);
      } catch (IOException e) {
        throw new UncheckedIOException("not JSON (" + status + "): " + body, e);
      }
    }

    boolean isProblem() {
      return contentType.startsWith("application/problem+json");
    }

    @Override
    public String toString() {
      return status + " " + contentType + " " + body;
    }
  }
}
