package dev.jitgate.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code GET /v1/audit/alerts}: the integrity alerts found at ingest, across sessions, newest first. */
class AuditAlertsRoutesTest {
  private static final Instant T0 = Instant.parse("2026-11-01T10:00:00Z");

  private static AuditTrail trail;
  private static ApiFixture api;
  private static String auditorToken;
  private static Instant before;

  @BeforeAll
  static void start() {
    before = Instant.now().minusSeconds(1);
    trail = AuditTrail.open();
    trail.session("s-intact", "alice", "prod", "orders", T0)
        .start("10.0.0.5", 50123, "psql").ok("SELECT 1", "SELECT 1", 1L).end().ingest();
    trail.session("s-gap", "bob", "prod", "billing", T0)
        .start("10.0.0.6", 40000, "psql").ok("SELECT 2", "SELECT 1", 1L).ok("SELECT 3", "SELECT 1", 1L)
        .lose(2).ingest();
    trail.session("s-later-gap", "carol", "prod", "billing", T0)
        .start("10.0.0.7", 40001, "psql").ok("SELECT 4", "SELECT 1", 1L).lose(1).ingest();
    api = ApiFixture.withAudit(trail.store, 4);
    auditorToken = api.user("aud", "auditor");
  }

  @AfterAll
  static void stop() {
    api.close();
    trail.close();
  }

  private static Http.Response get(String pathAndQuery) {
    return api.http.get(pathAndQuery, auditorToken);
  }

  private static String enc(Instant t) {
    return URLEncoder.encode(t.toString(), StandardCharsets.UTF_8);
  }

  @Test
  void listsTheAlertsOfEverySessionNewestFirst() {
    Http.Response r = get("/v1/audit/alerts");

    assertThat(r.status()).as("%s", r).isEqualTo(200);
    JsonNode items = r.json().path("items");
    assertThat(items.findValuesAsText("session")).containsExactly("s-later-gap", "s-gap");
    JsonNode gap = items.get(1);
    assertThat(gap.path("kind").asText()).isEqualTo("gap");
    assertThat(gap.path("seq").asLong()).isEqualTo(3);
    assertThat(gap.path("detail").asText()).isEqualTo("gap: seq 3..3 missing");
    assertThat(Instant.parse(gap.path("detectedAt").asText())).isAfter(before);
    assertThat(r.body()).doesNotContain("SELECT");
  }

  @Test
  void limitsAndFiltersByDetectionTime() {
    assertThat(get("/v1/audit/alerts?limit=1").json().path("items").findValuesAsText("session"))
        .containsExactly("s-later-gap");
    assertThat(get("/v1/audit/alerts?to=" + enc(before)).json().path("items")).isEmpty();
    assertThat(get("/v1/audit/alerts?from=" + enc(Instant.now().plus(Duration.ofHours(1)))).json().path("items"))
        .isEmpty();
    assertThat(get("/v1/audit/alerts?from=" + enc(before)).json().path("items")).hasSize(2);
  }

  @Test
  void badInputIsA400AndRequestersMayNotRead() {
    for (String query : List.of("from=yesterday|from", "limit=0|limit", "limit=1001|limit")) {
      String[] parts = query.split("\\|");
      Http.Response r = get("/v1/audit/alerts?" + parts[0]);
      assertThat(r.status()).as("%s", r).isEqualTo(400);
      assertThat(r.json().path("field").asText()).isEqualTo(parts[1]);
    }
    Http.Response denied = api.http.get("/v1/audit/alerts", api.user("req", "requester"));
    assertThat(denied.status()).as("%s", denied).isEqualTo(403);
  }
}
