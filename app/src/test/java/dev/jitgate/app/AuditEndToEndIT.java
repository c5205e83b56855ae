package dev.jitgate.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jitgate.app.runtime.RunningEndpoints;
import dev.jitgate.audit.event.AuditEventJson;
import dev.jitgate.auditor.store.EventQuery;
import dev.jitgate.auditor.store.SqliteAuditStore;
import dev.jitgate.auditor.store.StatementHit;
import dev.jitgate.auditor.store.StatementQuery;
import dev.jitgate.auditor.store.StoredEvent;
import dev.jitgate.pg.scram.ScramVerifier;
import dev.jitgate.proxy.testing.PostgresExtension;
import dev.jitgate.proxy.testing.TestPostgres;
import java.io.ByteArrayInputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code jitgate run} with all three roles in one process against a real PostgreSQL: pgjdbc runs a statement
 * through the audited proxy, and within 5 s the auditor's store has that statement with its result (spool,
 * shipper, ingest, store); the admin API's outbox drainer delivers the bootstrap admin's creation into the same
 * auditor. A stop request then shuts everything down in order with exit code 0 (the spool is left acknowledged).
 */
@ExtendWith(PostgresExtension.class)
class AuditEndToEndIT {

  private static final String CLIENT_USER = "alice";
  private static final String CLIENT_PASSWORD = "alice-" + Long.toHexString(new SecureRandom().nextLong());
  private static final String INGEST_TOKEN = "it-ingest-" + Long.toHexString(new SecureRandom().nextLong());

  @Test
  void aStatementThroughTheProxyReachesTheAuditStoreWithItsResult(TestPostgres pg) throws Exception {
    Path dir = Files.createDirectories(Path.of("target", "audit-e2e-it", UUID.randomUUID().toString())
        .toAbsolutePath());
    int auditorPort;
    try (ServerSocket probe = new ServerSocket(0)) {
      auditorPort = probe.getLocalPort();
    }
    String verifier = ScramVerifier.generate(CLIENT_PASSWORD, new SecureRandom()).format();
    Path config = Files.writeString(dir.resolve("jitgate.yaml"), """
        proxy:
          name: audit-it
          listen:
            host: 127.0.0.1
            port: 0
            tls:
              mode: require
              dev-ca-directory: ./ca
          users:
            - name: %1$s
              scram-verifier: "%2$s"
          routes:
            - database: appdb
              upstream:
                host: localhost
                port: %3$d
                user: %4$s
                password: env:IT_APPDB_PASSWORD
                sslmode: verify-full
                sslrootcert: %5$s
          limits:
            shutdown-grace: 5s
            auth-failure-delay: 10ms
          audit:
            spool:
              directory: ./spool
            auditor:
              url: http://127.0.0.1:%6$d/v1/events
              token: env:IT_INGEST_TOKEN
        auditor:
          listen: 127.0.0.1:%6$d
          store:
            sqlite:
              path: ./audit.db
          ingest-tokens: [env:IT_INGEST_TOKEN]
        admin:
          listen:
            host: 127.0.0.1
            port: 0
        store:
          sqlite:
            path: ./jitgate.db
        metrics:
          listen: 127.0.0.1:0
        """.formatted(CLIENT_USER, verifier, pg.port(), pg.appUser().user(), pg.caCertFile().toAbsolutePath(),
        auditorPort));
    Map<String, String> env = Map.of("IT_APPDB_PASSWORD", pg.appUser().password(), "IT_INGEST_TOKEN", INGEST_TOKEN);

    AtomicReference<Runnable> stop = new AtomicReference<>();
    AtomicReference<RunningEndpoints> endpoints = new AtomicReference<>();
    AtomicReference<URI> adminApi = new AtomicReference<>();
    CliRun.Background run = CliRun.start(new CliContext(env, new ByteArrayInputStream(new byte[0]), () -> null,
        stop::set, endpoints::set, adminApi::set), "run", "--config", config.toString());
    try {
      await().atMost(Duration.ofSeconds(60)).until(() -> endpoints.get() != null || run.exitCode().isDone());
      assertThat(run.exitCode()).as("run still going; stderr: %s", run.err()).isNotDone();

      String marker = "audit_e2e_" + Long.toHexString(new SecureRandom().nextLong());
      String url = "jdbc:postgresql://localhost:" + endpoints.get().proxy().getPort()
          + "/appdb?sslmode=verify-full&sslrootcert=" + dir.resolve("ca").resolve("ca.crt");
      try (Connection c = DriverManager.getConnection(url, CLIENT_USER, CLIENT_PASSWORD);
          Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT 42 AS " + marker)) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getInt(1)).isEqualTo(42);
      }

      try (SqliteAuditStore audit = SqliteAuditStore.open(dir.resolve("audit.db"), new AuditEventJson())) {
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
          List<StatementHit> hits = audit.searchStatements(StatementQuery.text(marker, 10));
          assertThat(hits).hasSize(1);
          StatementHit hit = hits.getFirst();
          assertThat(hit.sql()).isEqualTo("SELECT 42 AS " + marker);
          assertThat(hit.principal()).isEqualTo(CLIENT_USER);
          assertThat(hit.result()).as("statement.done stored with the statement").isNotNull();
          assertThat(hit.result().commandTag()).isEqualTo("SELECT 1");
          assertThat(hit.result().rows()).isEqualTo(1L);
          assertThat(hit.result().failed()).isFalse();
        });
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(
            audit.events(new EventQuery(null, null, null, 1000, null)).events())
            .extracting(StoredEvent::type)
            .as("the admin outbox drained into the auditor of the same process")
            .anyMatch(type -> type.startsWith("admin.")));
      }

      // The process's one metrics endpoint (the proxy's) carries the auditor's ingest meters too.
      InetSocketAddress metricsAddress = endpoints.get().metrics().orElseThrow();
      try (HttpClient http = HttpClient.newHttpClient()) {
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
          HttpResponse<String> scrape = http.send(HttpRequest.newBuilder(URI.create(
              "http://127.0.0.1:" + metricsAddress.getPort() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
          assertThat(scrape.statusCode()).isEqualTo(200);
          assertThat(scrape.body()).contains("jitgate_audit_events_total")
              .containsPattern("jitgate_audit_spool_forces_total\\{[^}]*} [1-9]")
              .containsPattern("jitgate_auditor_events_total\\{outcome=\"accepted\"[^}]*} [1-9]")
              .containsPattern("jitgate_auditor_requests_total\\{status=\"200\"[^}]*} [1-9]");
        });
      }

      // The admin API searches the same (shared) audit store.
      Matcher token = Pattern.compile("Bootstrap admin token \\(shown once\\): (\\S+)").matcher(run.out().toString());
      assertThat(token.find()).as("bootstrap token in %s", run.out()).isTrue();
      try (HttpClient http = HttpClient.newHttpClient()) {
        HttpResponse<String> search = http.send(HttpRequest.newBuilder(
                adminApi.get().resolve("/v1/audit/statements?q=" + marker))
            .header("Authorization", "Bearer " + token.group(1)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(search.statusCode()).as(search.body()).isEqualTo(200);
        assertThat(search.body()).contains("SELECT 42 AS " + marker);
      }
    } finally {
      if (stop.get() != null) {
        stop.get().run();
      }
    }
    assertThat(run.exitCode().get(30, java.util.concurrent.TimeUnit.SECONDS)).as("stderr: %s", run.err()).isZero();
    assertThat(run.out() + "" + run.err()).doesNotContain(INGEST_TOKEN);
  }
}
