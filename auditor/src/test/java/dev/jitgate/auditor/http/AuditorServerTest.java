package dev.jitgate.auditor.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jitgate.audit.event.AuditEvent;
import dev.jitgate.audit.event.AuditEventJson;
import dev.jitgate.audit.event.ChainBuilder;
import dev.jitgate.audit.event.SessionContext;
import dev.jitgate.audit.event.SessionStart;
import dev.jitgate.audit.event.Statement;
import dev.jitgate.audit.event.StatementDone;
import dev.jitgate.audit.event.UuidV7;
import dev.jitgate.auditor.ingest.IngestProcessor;
import dev.jitgate.auditor.store.SqliteAuditStore;
import dev.jitgate.auditor.store.StoredEvent;
import dev.jitgate.auditor.testing.TestDatabaseFiles;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

class AuditorServerTest {
  private static final String TOKEN = "ingest-token-0123456789";
  private static final String SESSION = "s-http-1";
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final AuditEventJson json = new AuditEventJson();
  private final ChainBuilder chain = new ChainBuilder(
      new SessionContext(SESSION, "proxy-1", "alice", "grant-1", "billing", "billing_db", "jit_alice"),
      new UuidV7(Clock.systemUTC(), new SecureRandom()), Clock.systemUTC(), json);
  /** One client per test, closed before the server so no idle keep-alive connection delays the stop. */
  private final HttpClient client = HttpClient.newHttpClient();
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private SqliteAuditStore store;
  private AuditorServer server;

  @BeforeEach
  void start(TestInfo info) throws IOException {
    Path file = TestDatabaseFiles.fresh("http-tests", info);
    store = SqliteAuditStore.open(file, json);
    server = AuditorServer.start(
        AuditorSettings.of("127.0.0.1", 0, List.of(AuditorSettings.sha256Hex("other"),
            AuditorSettings.sha256Hex(TOKEN))),
        new IngestProcessor(store, json), new IngestMetrics(meters));
  }

  @AfterEach
  void stop() {
    client.close();
    server.close();
    store.close();
  }

  @Test
  void storesAGzipBatchAndCountsDuplicatesOnResend() throws Exception {
    List<AuditEvent> events = events();
    byte[] body = gzip(ndjson(events));

    HttpResponse<String> first = post(body, "gzip");
    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(first.headers().firstValue("Content-Type")).hasValueSatisfying(
        v -> assertThat(v).startsWith("application/json"));
    JsonNode report = MAPPER.readTree(first.body());
    assertThat(report.get("accepted").asInt()).isEqualTo(3);
    assertThat(report.get("duplicates").asInt()).isZero();
    assertThat(report.get("invalid")).isEmpty();
    assertThat(report.get("alerts")).isEmpty();
    assertThat(store.sessionEvents(SESSION)).extracting(StoredEvent::id)
        .containsExactlyInAnyOrderElementsOf(events.stream().map(AuditEvent::id).toList());

    HttpResponse<String> again = post(body, "gzip");
    assertThat(again.statusCode()).isEqualTo(200);
    JsonNode second = MAPPER.readTree(again.body());
    assertThat(second.get("accepted").asInt()).isZero();
    assertThat(second.get("duplicates").asInt()).isEqualTo(3);
    assertThat(store.count()).isEqualTo(3);
  }

  @Test
  void acceptsAnIdentityBody() throws Exception {
    HttpResponse<String> response = post(ndjson(events()).getBytes(StandardCharsets.UTF_8), null);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(MAPPER.readTree(response.body()).get("accepted").asInt()).isEqualTo(3);
    assertThat(store.count()).isEqualTo(3);
  }

  @Test
  void reportsABadLineAndStoresTheRest() throws Exception {
    List<AuditEvent> events = events();
    String body = json.write(events.get(0)) + "\n{\"not\":\"an event\"}\n" + json.write(events.get(1)) + "\n";

    HttpResponse<String> response = post(gzip(body), "gzip");

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode report = MAPPER.readTree(response.body());
    assertThat(report.get("accepted").asInt()).isEqualTo(2);
    assertThat(report.get("invalid")).hasSize(1);
    JsonNode bad = report.get("invalid").get(0);
    assertThat(bad.get("line").asInt()).isEqualTo(2);
    assertThat(bad.get("field").asText()).isNotBlank();
    assertThat(bad.get("reason").asText()).isNotBlank();
    assertThat(store.count()).isEqualTo(2);
  }

  @Test
  void reportsAChainGapAsAnAlert() throws Exception {
    List<AuditEvent> events = events();
    String body = json.write(events.get(0)) + "\n" + json.write(events.get(2)) + "\n";

    HttpResponse<String> response = post(gzip(body), "gzip");

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode alert = MAPPER.readTree(response.body()).get("alerts").get(0);
    assertThat(alert.get("session").asText()).isEqualTo(SESSION);
    assertThat(alert.get("kind").asText()).isEqualTo("GAP");
    assertThat(alert.get("seq").asLong()).isEqualTo(events.get(1).seq());
  }

  @Test
  void countsEventsByOutcomeAlertsByKindAndRequestsByStatus() throws Exception {
    List<AuditEvent> events = events();
    String gapAndBadLine = json.write(events.get(0)) + "\n{\"not\":\"an event\"}\n" + json.write(events.get(2)) + "\n";
    assertThat(post(gzip(gapAndBadLine), "gzip").statusCode()).isEqualTo(200);
    assertThat(post(gzip(ndjson(events)), "gzip").statusCode()).isEqualTo(200);
    assertThat(send(request(gzip(ndjson(events)), "gzip").build()).statusCode()).isEqualTo(401);

    assertThat(meters.get("jitgate_auditor_events").tag("outcome", "accepted").counter().count()).isEqualTo(3);
    assertThat(meters.get("jitgate_auditor_events").tag("outcome", "duplicate").counter().count()).isEqualTo(2);
    assertThat(meters.get("jitgate_auditor_events").tag("outcome", "invalid").counter().count()).isEqualTo(1);
    assertThat(meters.get("jitgate_auditor_chain_alerts").tag("kind", "gap").counter().count()).isEqualTo(1);
    assertThat(meters.get("jitgate_auditor_requests").tag("status", "200").counter().count()).isEqualTo(2);
    assertThat(meters.get("jitgate_auditor_requests").tag("status", "401").counter().count()).isEqualTo(1);
    assertThat(meters.get("jitgate_auditor_requests").tag("status", "503").counter().count()).isZero();
    assertThat(meters.get("jitgate_auditor_ingest").timer().count()).isEqualTo(2);
  }

  @Test
  void refusesAMissingOrWrongToken() throws Exception {
    byte[] body = gzip(ndjson(events()));
    HttpResponse<String> missing = send(request(body, "gzip").build());
    HttpResponse<String> wrong = send(request(body, "gzip").header("Authorization", "Bearer nope").build());
    HttpResponse<String> basic = send(request(body, "gzip").header("Authorization", "Basic " + TOKEN).build());

    for (HttpResponse<String> response : List.of(missing, wrong, basic)) {
      assertThat(response.statusCode()).isEqualTo(401);
      assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
          v -> assertThat(v).startsWith("Bearer"));
      assertProblem(response, 401);
      assertThat(response.body()).doesNotContain("nope", TOKEN);
    }
    assertThat(store.count()).isZero();
  }

  @Test
  void refusesAnotherContentTypeOrEncoding() throws Exception {
    byte[] body = gzip(ndjson(events()));
    HttpResponse<String> text = send(authorized(body, "gzip").setHeader("Content-Type", "text/plain").build());
    HttpResponse<String> brotli = send(authorized(body, "br").build());

    assertProblem(text, 415);
    assertProblem(brotli, 415);
    assertThat(store.count()).isZero();
  }

  @Test
  void refusesADecompressionBombWith413() throws Exception {
    HttpResponse<String> response = post(bomb(), "gzip");

    assertProblem(response, 413);
    assertThat(store.count()).isZero();
  }

  @Test
  void refusesABodyOverTheCompressedLimit() throws Exception {
    server.close();
    server = AuditorServer.start(new AuditorSettings("127.0.0.1", 0, List.of(AuditorSettings.sha256Hex(TOKEN)),
        1024, 1024 * 1024), new IngestProcessor(store, json));
    byte[] big = new byte[4096];
    Arrays.fill(big, (byte) '\n');

    assertProblem(post(big, null), 413);
  }

  @Test
  void refusesCorruptGzipWith400() throws Exception {
    byte[] valid = gzip(ndjson(events()));
    byte[] truncated = Arrays.copyOf(valid, valid.length / 2);
    byte[] notGzip = "definitely not gzip".getBytes(StandardCharsets.UTF_8);

    assertProblem(post(truncated, "gzip"), 400);
    assertProblem(post(notGzip, "gzip"), 400);
    assertThat(store.count()).isZero();
  }

  @Test
  void refusesInvalidUtf8With400() throws Exception {
    assertProblem(post(new byte[] {'{', (byte) 0xC3, (byte) 0x28, '}', '\n'}, null), 400);
  }

  @Test
  void answers503WhenTheStoreFails() throws Exception {
    byte[] body = gzip(ndjson(events()));
    store.close();

    HttpResponse<String> response = post(body, "gzip");

    assertProblem(response, 503);
    assertThat(meters.get("jitgate_auditor_requests").tag("status", "503").counter().count()).isEqualTo(1);
    assertThat(meters.get("jitgate_auditor_events").tag("outcome", "accepted").counter().count()).isZero();
  }

  @Test
  void answersHealthzWithoutAToken() throws Exception {
    HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/healthz")).GET().build());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(MAPPER.readTree(response.body()).get("status").asText()).isEqualTo("ok");
  }

  @Test
  void unknownRouteIsAProblem() throws Exception {
    assertProblem(send(HttpRequest.newBuilder(uri("/v1/nothing")).GET().build()), 404);
  }

  @Test
  void settingsRefuseBadValuesNamingTheField() {
    assertThatThrownBy(
            () -> AuditorSettings.of("127.0.0.1", 0, List.of("not-a-hash")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("ingestTokenHashes[0]");
    assertThat(AuditorSettings.of("h", 1, List.of(AuditorSettings.sha256Hex(TOKEN))).toString())
        .doesNotContain(AuditorSettings.sha256Hex(TOKEN));
  }

  private List<AuditEvent> events() {
    return List.of(
        chain.append(new SessionStart("10.0.0.5", 50123, "psql", null, null, "3.0", "oidc")),
        chain.append(Statement.simple(1, "SELECT * FROM invoices")),
        chain.append(StatementDone.ok(1, "SELECT 3", 3L, 120)));
  }

  private String ndjson(List<AuditEvent> events) {
    return events.stream().map(json::write).collect(Collectors.joining("\n", "", "\n"));
  }

  private static byte[] gzip(String text) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(text.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** 100 MiB of zeros, gzip-compressed to about 100 KiB. */
  private static byte[] bomb() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] zeros = new byte[1024 * 1024];
    try (GZIPOutputStream gz = new GZIPOutputStream(out, 64 * 1024)) {
      for (int i = 0; i < 100; i++) {
        gz.write(zeros);
      }
    }
    return out.toByteArray();
  }

  private HttpResponse<String> post(byte[] body, String encoding) throws Exception {
    return send(authorized(body, encoding).build());
  }

  private HttpRequest.Builder authorized(byte[] body, String encoding) {
    return request(body, encoding).header("Authorization", "Bearer " + TOKEN);
  }

  private HttpRequest.Builder request(byte[] body, String encoding) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(uri("/v1/events"))
        .header("X-Jitgate-Batch", "first-last")
        .header("Content-Type", IngestRoute.NDJSON)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    return encoding == null ? builder : builder.header("Content-Encoding", encoding);
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.port() + path);
  }

  private HttpResponse<String> send(HttpRequest request) throws Exception {
    return client.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static void assertProblem(HttpResponse<String> response, int status) throws IOException {
    assertThat(response.statusCode()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
        v -> assertThat(v).startsWith("application/problem+json"));
    JsonNode problem = MAPPER.readTree(response.body());
    assertThat(problem.get("status").asInt()).isEqualTo(status);
    assertThat(problem.get("title").asText()).isNotBlank();
  }
}
