package dev.jitgate.app.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A small JSON client for the admin API: bearer token, JSON bodies, RFC 9457 problems turned into
 * {@link ApiFailure.Problem}, network failures into {@link ApiFailure.Unreachable}. The token is never part
 * of a message or {@code toString()}.
 */
public final class ApiClient implements AutoCloseable {

  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
  /** The most bytes of a problem answer read after a failed download. */
  private static final int MAX_PROBLEM_BYTES = 64 * 1024;

  private final URI base;
  private final String token;
  private final ObjectMapper json;
  private final HttpClient http;

  /**
   * @param base the API base URL, e.g. {@code http://127.0.0.1:8080}
   * @param token the bearer token
   * @param json the mapper bodies are written and read with
   */
  public ApiClient(URI base, String token, ObjectMapper json) {
    this.base = Objects.requireNonNull(base, "base");
    this.token = Objects.requireNonNull(token, "token");
    this.json = Objects.requireNonNull(json, "json");
    this.http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
  }

  public URI base() {
    return base;
  }

  /** {@code GET path?query}; parameters with null values are left out. */
  public JsonNode get(String path, Map<String, String> query) {
    return send(HttpRequest.newBuilder(uri(path, query)).GET());
  }

  /** {@code POST path} with {@code body} as JSON, or without a body when it is null. */
  public JsonNode post(String path, Object body) {
    HttpRequest.BodyPublisher publisher;
    try {
      publisher = body == null
          ? HttpRequest.BodyPublishers.noBody()
          : HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot write the request body as JSON", e);
    }
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(path, Map.of())).POST(publisher);
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    return send(request);
  }

  /** One path segment, percent-encoded (ids and names may hold any character). */
  public static String segment(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private URI uri(String path, Map<String, String> query) {
    String q = query.entrySet().stream()
        .filter(e -> e.getValue() != null)
        .map(e -> segment(e.getKey()) + "=" + segment(e.getValue()))
        .collect(Collectors.joining("&"));
    return URI.create(base + path + (q.isEmpty() ? "" : "?" + q));
  }

  /**
   * {@code GET path?query} as a byte stream (a download such as the audit export), read while it arrives;
   * non-2xx answers become {@link ApiFailure.Problem} as for {@link #get}. The caller closes the stream; a
   * connection cut by the server shows as an {@link IOException} while reading it.
   */
  public InputStream download(String path, Map<String, String> query) {
    HttpResponse<InputStream> response = exchange(HttpRequest.newBuilder(uri(path, query)).GET(),
        "application/x-ndjson, text/csv, application/problem+json", HttpResponse.BodyHandlers.ofInputStream());
    int status = response.statusCode();
    if (status / 100 == 2) {
      return response.body();
    }
    byte[] body;
    try (InputStream in = response.body()) {
      body = in.readNBytes(MAX_PROBLEM_BYTES);
    } catch (IOException e) {
      body = new byte[0];
    }
    throw problem(status, body);
  }

  private JsonNode send(HttpRequest.Builder builder) {
    HttpResponse<byte[]> response = exchange(builder, "application/json, application/problem+json",
        HttpResponse.BodyHandlers.ofByteArray());
    int status = response.statusCode();
    byte[] body = response.body();
    if (status / 100 == 2) {
      if (body.length == 0) {
        return NullNode.getInstance();
      }
      try {
        return json.readTree(body);
      } catch (IOException e) {
        throw new ApiFailure.Problem(status, "Unreadable answer", "the API answered HTTP " + status
            + " with a body that is not JSON; is " + base + " a jitgate admin API?", "", List.of());
      }
    }
    throw problem(status, body);
  }

  private <T> HttpResponse<T> exchange(HttpRequest.Builder builder, String accept,
      HttpResponse.BodyHandler<T> handler) {
    HttpRequest request = builder
        .timeout(REQUEST_TIMEOUT)
        .header("Authorization", "Bearer " + token)
        .header("Accept", accept)
        .build();
    try {
      return http.send(request, handler);
    } catch (HttpConnectTimeoutException e) {
      throw new ApiFailure.Unreachable(base, "no connection within " + CONNECT_TIMEOUT.toSeconds() + "s");
    } catch (HttpTimeoutException e) {
      throw new ApiFailure.Unreachable(base, "no answer within " + REQUEST_TIMEOUT.toSeconds() + "s");
    } catch (ConnectException e) {
      throw new ApiFailure.Unreachable(base, "connection refused");
    } catch (IOException e) {
      throw new ApiFailure.Unreachable(base, describe(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiFailure.Unreachable(base, "interrupted");
    }
  }

  private ApiFailure.Problem problem(int status, byte[] body) {
    JsonNode node;
    try {
      node = body.length == 0 ? NullNode.getInstance() : json.readTree(body);
    } catch (IOException e) {
      node = NullNode.getInstance();
    }
    if (node == null || !node.isObject()) {
      return new ApiFailure.Problem(status, reasonPhrase(status),
          "HTTP " + status + " from " + base + " without a problem description", "", List.of());
    }
    List<ApiFailure.FieldError> errors = new ArrayList<>();
    for (JsonNode e : node.path("errors")) {
      errors.add(new ApiFailure.FieldError(e.path("field").asText(""), e.path("detail").asText("")));
    }
    return new ApiFailure.Problem(status, node.path("title").asText(reasonPhrase(status)),
        node.path("detail").asText(""), node.path("field").asText(""), errors);
  }

  private static String describe(IOException e) {
    Throwable cause = e;
    while (cause != null) {
      if (cause instanceof ConnectException) {
        return "connection refused";
      }
      if (cause instanceof UnresolvedAddressException || cause instanceof java.net.UnknownHostException) {
        return "unknown host";
      }
      cause = cause.getCause();
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  private static String reasonPhrase(int status) {
    return switch (status) {
      case 400 -> "Bad Request";
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 405 -> "Method Not Allowed";
      case 409 -> "Conflict";
      case 413 -> "Content Too Large";
      case 415 -> "Unsupported Media Type";
      case 500 -> "Internal Server Error";
      case 502 -> "Bad Gateway";
      case 503 -> "Service Unavailable";
      default -> "HTTP " + status;
    };
  }

  @Override
  public void close() {
    http.close();
  }

  @Override
  public String toString() {
    return "ApiClient[" + base + "]";
  }
}
