package dev.jitgate.access.secret;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

/**
 * A local Secrets Manager endpoint for GetSecretValue: checks the JSON 1.1 protocol headers and the SigV4
 * header shape, records every request, and answers with bodies shaped as in the AWS API reference.
 */
final class FakeSecretsManager implements AutoCloseable {
  static final Pattern AUTHORIZATION = Pattern.compile(
      "AWS4-HMAC-SHA256 Credential=(?<akid>[A-Z0-9]+)/(?<date>[0-9]{8})/(?<region>[a-z0-9-]+)/secretsmanager/"
          + "aws4_request, SignedHeaders=(?<signed>[a-z0-9;-]+), Signature=(?<signature>[0-9a-f]{64})");
  static final Pattern AMZ_DATE = Pattern.compile("[0-9]{8}T[0-9]{6}Z");

  /** One request as received: lower-case header names, the body text. */
  record Received(String method, String path, Map<String, String> headers, String body) {
    String secretId() {
      try {
        return JSON.readTree(body).path("SecretId").asText(null);
      } catch (IOException e) {
        return null;
      }
    }
  }

  private record Answer(int status, String body) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final Map<String, Answer> answers = new ConcurrentHashMap<>();
  private final List<Received> received = new CopyOnWriteArrayList<>();

  FakeSecretsManager() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  List<Received> received() {
    return List.copyOf(received);
  }

  /** GetSecretValue of {@code arn} returns {@code secretString}. */
  void secretString(String arn, String secretString) {
    answers.put(arn, new Answer(200, success(arn, "SecretString", secretString)));
  }

  /** GetSecretValue of {@code arn} returns a SecretBinary (base64 in the JSON body). */
  void secretBinary(String arn, String base64) {
    answers.put(arn, new Answer(200, success(arn, "SecretBinary", base64)));
  }

  /** GetSecretValue of {@code arn} fails with {@code type} and {@code message}, status 400. */
  void error(String arn, String type, String message) {
    answers.put(arn, new Answer(400, json(Map.of("__type", type, "message", message))));
  }

  private static String success(String arn, String field, String value) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("ARN", arn);
    body.put("Name", arn.substring(arn.lastIndexOf(':') + 1));
    body.put("VersionId", UUID.randomUUID().toString());
    body.put(field, value);
    body.put("VersionStages", List.of("AWSCURRENT"));
    body.put("CreatedDate", 1.523477145713E9);
    return json(body);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange; InputStream in = exchange.getRequestBody()) {
      String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      Map<String, String> headers = new LinkedHashMap<>();
      exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v.getFirst()));
      Received request = new Received(
          exchange.getRequestMethod(), exchange.getRequestURI().getPath(), headers, body);
      received.add(request);
      Answer answer = answer(request);
      byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
      exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
      exchange.sendResponseHeaders(answer.status(), bytes.length);
      exchange.getResponseBody().write(bytes);
    }
  }

  private Answer answer(Received request) {
    Map<String, String> h = request.headers();
    if (!"POST".equals(request.method()) || !"/".equals(request.path())
        || !"secretsmanager.GetSecretValue".equals(h.get("x-amz-target"))
        || !String.valueOf(h.get("content-type")).startsWith("application/x-amz-json-1.1")) {
      return new Answer(400, json(Map.of("__type", "InvalidRequestException", "message", "bad protocol")));
    }
    if (h.get("authorization") == null || !AUTHORIZATION.matcher(h.get("authorization")).matches()
        || h.get("x-amz-date") == null || !AMZ_DATE.matcher(h.get("x-amz-date")).matches()) {
      return new Answer(403, json(Map.of("__type", "IncompleteSignatureException", "message", "bad signature")));
    }
    JsonNode id;
    try {
      id = JSON.readTree(request.body()).get("SecretId");
    } catch (IOException e) {
      id = null;
    }
    if (id == null || !id.isTextual()) {
      return new Answer(400, json(Map.of("__type", "InvalidParameterException", "message", "no SecretId")));
    }
    return answers.getOrDefault(id.textValue(), new Answer(400, json(Map.of(
        "__type", "ResourceNotFoundException",
        "message", "Secrets Manager can't find the specified secret."))));
  }

  private static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
