package dev.jitgate.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jitgate.access.model.Role;
import dev.jitgate.audit.event.AuditEvent;
import dev.jitgate.audit.event.AuditEventJson;
import dev.jitgate.audit.event.ChainBuilder;
import dev.jitgate.audit.event.SessionContext;
import dev.jitgate.audit.event.SessionStart;
import dev.jitgate.audit.event.Statement;
import dev.jitgate.audit.event.StatementDone;
import dev.jitgate.audit.event.UuidV7;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code jitgate audit alerts} against a real admin API over a store that holds one broken session. */
class AuditAlertsCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static AuditApi api;
  private static String auditor;

  @BeforeAll
  static void start() {
    api = new AuditApi();
    AuditEventJson json = new AuditEventJson();
    ChainBuilder chain = new ChainBuilder(new SessionContext("s-gap", "proxy-1", "bob", "grant-bob", "prod",
        "billing", "jit_bob"), new UuidV7(Clock.systemUTC(), new SecureRandom()), Clock.systemUTC(), json);
    AuditEvent first = chain.append(new SessionStart("10.0.0.6", 40000, "psql", null, null, "3.0", "scram-sha-256"));
    chain.append(Statement.simple(1, "SELECT 1")); // never delivered
    AuditEvent third = chain.append(StatementDone.ok(1, "SELECT 1", 1L, 100));
    api.ingest.ingest(json.write(first) + "\n" + json.write(third) + "\n");
    auditor = api.user("aud", Role.AUDITOR);
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  @Test
  void listsTheAlertsAsATableOrJson() throws Exception {
    AuditApi.Run table = api.audit(auditor, "alerts");
    assertThat(table.exitCode()).as(table.err()).isZero();
    List<String> lines = table.out().lines().toList();
    assertThat(lines.getFirst()).startsWith("FOUND").contains("SESSION", "KIND", "SEQ", "DETAIL");
    assertThat(lines).hasSize(2);
    assertThat(lines.get(1)).contains("s-gap", "gap", "gap: seq 2..2 missing");

    AuditApi.Run json = api.audit(auditor, "alerts", "--from", "1h", "-o", "json");
    assertThat(json.exitCode()).as(json.err()).isZero();
    JsonNode items = JSON.readTree(json.out());
    assertThat(items.findValuesAsText("session")).containsExactly("s-gap");
    assertThat(items.get(0).path("seq").asLong()).isEqualTo(2);
  }

  @Test
  void nothingFoundBeforeTheAlert() {
    AuditApi.Run run = api.audit(auditor, "alerts", "--to", "1h");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).contains("No integrity alerts found.");
  }
}
