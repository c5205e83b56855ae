package dev.jitgate.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The audit routes when there is no audit store (503 "audit store not configured", after authentication
 * and authorization), when the store fails (503, never 500), and when it fails in the middle of a streamed
 * export (the connection is cut, so a partial export never looks complete).
 */
class AuditAvailabilityTest {
  private static final List<String> ROUTES = List.of("/v1/audit/sessions", "/v1/audit/sessions/s-1",
      "/v1/audit/statements?q=x", "/v1/audit/export", "/v1/audit/verify");

  @Test
  void withoutAnAuditStoreEveryRouteIs503AfterAuthorization() {
    try (ApiFixture api = ApiFixture.sqlite()) {
      String auditor = api.user("aud", "auditor");
      String requester = api.user("req", "requester");
      for (String route : ROUTES) {
        for (String token : List.of(api.adminToken, auditor)) {
          Http.Response r = api.http.get(route, token);
          assertThat(r.status()).as("%s: %s", route, r).isEqualTo(503);
          assertThat(r.isProblem()).isTrue();
          assertThat(r.json().path("detail").asText()).isEqualTo("audit store not configured");
        }
        assertThat(api.http.get(route, requester).status()).as(route).isEqualTo(403);
        assertThat(api.http.get(route, null).status()).as(route).isEqualTo(401);
      }
    }
  }

  @Test
  void aFailingStoreIs503() {
    try (AuditTrail trail = AuditTrail.open()) {
      FlakyAuditStore flaky = new FlakyAuditStore(trail.store);
      try (ApiFixture api = ApiFixture.withAudit(flaky, 3)) {
        flaky.failExportFromPage(1);
        for (String route : ROUTES) {
          Http.Response r = api.http.get(route, api.adminToken);
          assertThat(r.status()).as("%s: %s", route, r).isIn(503);
          assertThat(r.isProblem()).isTrue();
          assertThat(r.body()).doesNotContain("SQLITE");
        }
      }
    }
  }

  @Test
  void anOutageInTheMiddleOfAnExportCutsTheConnection() {
    try (AuditTrail trail = AuditTrail.open()) {
      trail.session("s-1", "alice", "prod", "orders", Instant.parse("2026-11-29T10:00:00Z"))
          .start("10.0.0.5", 50000, "psql")
          .ok("SELECT 1", "SELECT 1", 1L)
          .ok("SELECT 2", "SELECT 1", 1L)
          .ok("SELECT 3", "SELECT 1", 1L)
          .ok("SELECT 4", "SELECT 1", 1L)
          .end()
          .ingest();
      FlakyAuditStore flaky = new FlakyAuditStore(trail.store);
      try (ApiFixture api = ApiFixture.withAudit(flaky, 3)) {
        Http.Export whole = api.http.export("/v1/audit/export", api.adminToken);
        assertThat(whole.status()).isEqualTo(200);
        assertThat(new String(whole.body(), java.nio.charset.StandardCharsets.UTF_8).lines()).hasSize(10);

        for (String format : List.of("ndjson", "csv")) {
          flaky.failExportFromPage(3);
          assertThatThrownBy(() -> api.http.export("/v1/audit/export?format=" + format, api.adminToken))
              .as(format)
              .isInstanceOf(UncheckedIOException.class);
        }
        flaky.failExportFromPage(Integer.MAX_VALUE);
        assertThat(api.http.get("/healthz", null).status()).as("the server goes on").isEqualTo(200);
      }
    }
  }
}
