package dev.jitgate.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Integrity through the API: a session that arrived with a hole shows its alert and the chain_broken flag,
 * and {@code GET /v1/audit/verify} finds an event removed from the store after ingestion.
 */
class AuditVerifyTest {
  private static final Instant DAVE = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofHours(3));
  private static final Instant GAP = DAVE.plus(Duration.ofHours(1));
  private static AuditTrail trail;
  private static ApiFixture api;
  private static String auditor;

  @BeforeAll
  static void start() {
    trail = AuditTrail.open();
    trail.session("s-dave", "dave", "prod", "orders", DAVE)
        .start("10.0.0.8", 40002, "psql")
        .ok("SELECT 1", "SELECT 1", 1L)
        .ok("SELECT 2", "SELECT 1", 1L)
        .end()
        .ingest();
    trail.session("s-gap", "erin", "prod", "orders", GAP)
        .start("10.0.0.9", 40003, "psql")
        .ok("SELECT 1", "SELECT 1", 1L)
        .ok("UPDATE accounts SET balance = 0", "UPDATE 10", 10L)
        .end()
        .lose(2)
        .ingest();
    api = ApiFixture.withAudit(trail.store, 100);
    auditor = api.user("aud", "auditor");
  }

  @AfterAll
  static void stop() {
    api.close();
    trail.close();
  }

  private static String range(Instant from, Instant to) {
    return "?from=" + URLEncoder.encode(from.toString(), StandardCharsets.UTF_8)
        + "&to=" + URLEncoder.encode(to.toString(), StandardCharsets.UTF_8);
  }

  @Test
  void aSessionWithAHoleShowsItsAlertAndFlag() {
    Http.Response r = api.http.get("/v1/audit/sessions/s-gap", auditor);
    assertThat(r.status()).as("%s", r).isEqualTo(200);
    JsonNode alerts = r.json().path("alerts");
    assertThat(alerts).isNotEmpty();
    assertThat(alerts.get(0).path("kind").asText()).isEqualTo("gap");
    assertThat(alerts.get(0).path("seq").asLong()).isEqualTo(3);
    assertThat(alerts.get(0).path("detectedAt").asText()).isNotEmpty();
    assertThat(r.json().path("session").path("flags").toString()).contains("chain_broken");
    Http.Response flagged = api.http.get("/v1/audit/sessions?flag=chain_broken", auditor);
    assertThat(flagged.json().path("items").findValuesAsText("session")).containsExactly("s-gap");

    JsonNode report = api.http.get("/v1/audit/verify" + range(GAP, GAP.plus(Duration.ofMinutes(5))), auditor).json();
    assertThat(report.path("intact").asBoolean()).as("%s", report).isFalse();
    assertThat(report.path("problems").get(0).path("session").asText()).isEqualTo("s-gap");
  }

  @Test
  void verifyFindsAnEventRemovedFromTheStore() throws Exception {
    String daveRange = range(DAVE.minusSeconds(1), DAVE.plus(Duration.ofMinutes(5)));
    JsonNode before = api.http.get("/v1/audit/verify" + daveRange, auditor).json();
    assertThat(before.path("intact").asBoolean()).as("%s", before).isTrue();
    assertThat(before.path("sessionsChecked").asInt()).isEqualTo(1);
    assertThat(before.path("eventsChecked").asLong()).isEqualTo(6);

    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + trail.file);
        PreparedStatement delete = c.prepareStatement("DELETE FROM events WHERE session = ? AND seq = ?")) {
      delete.setString(1, "s-dave");
      delete.setLong(2, 3);
      assertThat(delete.executeUpdate()).isEqualTo(1);
    }

    Http.Response after = api.http.get("/v1/audit/verify" + daveRange, auditor);
    assertThat(after.status()).as("%s", after).isEqualTo(200);
    JsonNode report = after.json();
    assertThat(report.path("intact").asBoolean()).as("%s", report).isFalse();
    assertThat(report.path("problems")).hasSize(1);
    JsonNode problem = report.path("problems").get(0);
    assertThat(problem.path("session").asText()).isEqualTo("s-dave");
    assertThat(problem.path("findings").toString()).contains("3");
  }
}
