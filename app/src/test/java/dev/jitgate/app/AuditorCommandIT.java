package dev.jitgate.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jitgate.audit.event.AdminAction;
import dev.jitgate.audit.event.Alert;
import dev.jitgate.audit.event.AlertKind;
import dev.jitgate.audit.event.AuditEvent;
import dev.jitgate.audit.event.AuditEventJson;
import dev.jitgate.audit.event.ChainLink;
import dev.jitgate.audit.event.Envelope;
import dev.jitgate.audit.event.ParseResult;
import dev.jitgate.audit.event.UuidV7;
import dev.jitgate.auditor.http.AuditorSettings;
import dev.jitgate.auditor.store.SessionQuery;
import dev.jitgate.auditor.store.SqliteAuditStore;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * {@code jitgate auditor --config <file>} in-process: it ingests an event posted with the configured token (the
 * file holds only the token's SHA-256), refuses another token, serves metrics, and on a stop request closes the
 * store with the event in it and exits 0.
 */
class AuditorCommandIT {

  private static final String TOKEN = "auditor-it-" + Long.toHexString(new SecureRandom().nextLong());

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void ingestsWithItsTokenServesMetricsAndStopsCleanly() throws Exception {
    Path dir = Files.createDirectories(Path.of("target", "auditor-command-it", UUID.randomUUID().toString())
        .toAbsolutePath());
    int port = freePort();
    int metricsPort = freePort();
    Path config = Files.writeString(dir.resolve("jitgate.yaml"), """
        auditor:
          name: auditor-it
          listen: 127.0.0.1:%d
          store:
            sqlite:
              path: ./audit.db
          ingest-tokens:
            - sha256:%s
        metrics:
          listen: 127.0.0.1:%d
        """.formatted(port, AuditorSettings.sha256Hex(TOKEN), metricsPort));
    AtomicReference<Runnable> stop = new AtomicReference<>();
    CliRun.Background run = CliRun.start(CliRun.proxyContext(Map.of(), stop::set, e -> { }),
        "auditor", "--config", config.toString());
    try {
      URI base = URI.create("http://127.0.0.1:" + port);
      await().atMost(Duration.ofSeconds(30)).until(() -> run.exitCode().isDone() || healthy(base));
      assertThat(run.exitCode()).as("auditor still running; stderr: %s", run.err()).isNotDone();

      AuditEventJson json = new AuditEventJson();
      AuditEvent event = new AuditEvent(new Envelope(new UuidV7(Clock.systemUTC(), new SecureRandom()).nextString(),
          Instant.now(), "admin-it", 1, "it", "bob", null, null, null, null, ChainLink.ZERO_HASH),
          new AdminAction("grant.revoke", "bob", "grant", "g1", Map.of()));
      String body = json.write(event) + "\n";
      assertThat(post(base, "wrong-token", body).statusCode()).isEqualTo(401);
      HttpResponse<String> accepted = post(base, TOKEN, body);
      assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
      AuditEvent afterAGap = new AuditEvent(new Envelope(new UuidV7(Clock.systemUTC(), new SecureRandom()).nextString(),
          Instant.now(), "admin-gap", 3, "it", "bob", null, null, null, null, ChainLink.ZERO_HASH),
          new AdminAction("grant.revoke", "bob", "grant", "g2", Map.of()));
      HttpResponse<String> gapped = post(base, TOKEN, json.write(afterAGap) + "\n");
      assertThat(gapped.statusCode()).as(gapped.body()).isEqualTo(200);
      assertThat(gapped.body()).contains("admin-gap");

      HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + metricsPort + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.body()).contains("jvm_memory_used_bytes")
          .containsPattern("jitgate_auditor_events_total\\{outcome=\"accepted\"[^}]*} 2\\.0")
          .containsPattern("jitgate_auditor_chain_alerts_total\\{kind=\"gap\"[^}]*} 1\\.0")
          .containsPattern("jitgate_auditor_requests_total\\{status=\"401\"[^}]*} 1\\.0");
    } finally {
      if (stop.get() != null) {
        stop.get().run();
      }
    }
    assertThat(run.exitCode().get(30, TimeUnit.SECONDS)).as("stderr: %s", run.err()).isZero();
    AuditEventJson json = new AuditEventJson();
    try (SqliteAuditStore store = SqliteAuditStore.open(dir.resolve("audit.db"), new AuditEventJson())) {
      assertThat(store.count()).as("two events and the alert event about the second").isEqualTo(3);
      List<AuditEvent> alerts = store.sessions(new SessionQuery(null, null, null, null, null, null, null, 10)).stream()
          .filter(s -> s.session().startsWith("auditor-"))
          .flatMap(s -> store.sessionEvents(s.session()).stream())
          .map(e -> ((ParseResult.Ok) json.read(e.line())).event())
          .toList();
      assertThat(alerts).singleElement().satisfies(alert -> {
        assertThat(alert.envelope().proxy()).isEqualTo("auditor-it");
        assertThat(alert.body()).isEqualTo(new Alert(AlertKind.GAP, "admin-gap", 1, "gap: seq 1..2 missing"));
      });
    }
    assertThat(Files.readString(config)).doesNotContain(TOKEN);
  }

  private boolean healthy(URI base) {
    try {
      return http.send(HttpRequest.newBuilder(base.resolve("/healthz")).build(), HttpResponse.BodyHandlers.discarding())
          .statusCode() == 200;
    } catch (Exception e) {
      return false;
    }
  }

  private HttpResponse<String> post(URI base, String token, String body) throws Exception {
    return http.send(HttpRequest.newBuilder(base.resolve("/v1/events"))
        .header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/x-ndjson")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static int freePort() throws Exception {
    try (ServerSocket probe = new ServerSocket(0)) {
      return probe.getLocalPort();
    }
  }
}
