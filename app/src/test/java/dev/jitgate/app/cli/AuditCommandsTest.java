package dev.jitgate.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jitgate.access.model.Role;
import dev.jitgate.audit.event.Parameter;
import dev.jitgate.audit.event.ParameterFormat;
import dev.jitgate.auditor.store.StoredEvent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code jitgate audit sessions|show|search|export|verify} run in-process against a real admin API over a real
 * SQLite audit store filled through the real ingest path: tables and JSON, filters, the session view with
 * its statements and results, both export formats to stdout and to a file, verification that passes and one
 * that finds a removed event, and the refusals (requester, unknown session, bad input, usage).
 */
class AuditCommandsTest {
  private static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(6));
  private static final Instant DAVE = T0.minus(Duration.ofDays(1));
  private static final String LONG_SQL = "SELECT id, customer, amount, currency, created_at, paid_at, note FROM invoices"
      + " WHERE customer = 'acme' AND amount > 100";
  private static final ObjectMapper JSON = new ObjectMapper();

  private static AuditApi api;
  private static String auditor;
  private static String requester;

  @BeforeAll
  static void start() {
    api = new AuditApi();
    api.session("s-dave", "dave", "prod", "orders", DAVE)
        .start("10.0.0.8", 40002, "psql")
        .ok("SELECT 1", "SELECT 1", 1L)
        .ok("SELECT 2", "SELECT 1", 1L)
        .end()
        .ingest();
    api.session("s-alice", "alice", "prod", "orders", T0)
        .start("10.0.0.5", 50123, "psql")
        .ok(LONG_SQL, "SELECT 3", 3L)
        .ok("DELETE FROM invoices", "DELETE 5", 5L)
        .extended("UPDATE invoices SET note = $1, blob = $2, paid = $3 WHERE id = 7",
            List.of(Parameter.ofText("gift wrap".getBytes(StandardCharsets.UTF_8), 1024),
                Parameter.ofBinary(new byte[] {1, 2}, 1024), Parameter.ofNull(ParameterFormat.TEXT)),
            "UPDATE 1", 1L)
        .failed("SELECT *\n  FROM salaries", "42501", "permission denied for table salaries")
        .end()
        .ingest();
    api.session("s-bob", "bob", "prod", "billing", T0.plus(Duration.ofHours(1)))
        .start("10.0.0.6", 40000, "DBeaver")
        .ok("SELECT count(*) FROM payments", "SELECT 1", 1L)
        .failed("=HYPERLINK(\"http://evil.example\",\"x\")", "42601", "syntax error at or near \"=\"")
        .end()
        .ingest();
    api.session("s-carol", "carol", "staging", "orders", T0.plus(Duration.ofHours(2)))
        .start("10.0.0.7", 40001, "psql")
        .ok("CREATE TABLE notes (id int)", "CREATE TABLE", null)
        .ingest();
    auditor = api.user("aud", Role.AUDITOR);
    requester = api.user("req", Role.REQUESTER);
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  private static AuditApi.Run ok(String... args) {
    AuditApi.Run run = api.audit(auditor, args);
    assertThat(run.exitCode()).as("%s: %s", String.join(" ", args), run.err()).isZero();
    return run;
  }

  @Test
  void sessionsListsNewestFirstAsATable() {
    AuditApi.Run run = ok("sessions");
    List<String> lines = run.out().lines().toList();
    assertThat(lines.getFirst()).startsWith("SESSION  PRINCIPAL  DATABASE").contains("FLAGS");
    assertThat(lines).hasSize(5);
    assertThat(lines.get(1)).startsWith("s-carol").contains("staging/orders").contains("open").contains("ddl");
    assertThat(lines.get(2)).startsWith("s-bob").contains("prod/billing").contains("10.0.0.6 (DBeaver)");
    assertThat(lines.get(3)).startsWith("s-alice").contains("alice").contains("delete_without_where,permission_denied");
    assertThat(lines.get(4)).startsWith("s-dave");
  }

  @Test
  void sessionsFilters() {
    assertThat(ok("sessions", "--principal", "alice").out().lines().skip(1)).singleElement()
        .satisfies(l -> assertThat(l).startsWith("s-alice"));
    assertThat(ok("sessions", "--flag", "DELETE_WITHOUT_WHERE").out().lines().skip(1)).singleElement()
        .satisfies(l -> assertThat(l).startsWith("s-alice"));
    assertThat(ok("sessions", "-q", "payments").out().lines().skip(1)).singleElement()
        .satisfies(l -> assertThat(l).startsWith("s-bob"));
    assertThat(ok("sessions", "--integration", "prod", "--database", "orders").out().lines().skip(1))
        .extracting(l -> l.split(" ")[0]).containsExactly("s-alice", "s-dave");
    assertThat(ok("sessions", "--from", "3h").out().lines().skip(1))
        .extracting(l -> l.split(" ")[0]).containsExactly("s-carol");
    assertThat(ok("sessions", "--from", T0.toString(), "--to", T0.plus(Duration.ofMinutes(90)).toString())
        .out().lines().skip(1)).extracting(l -> l.split(" ")[0]).containsExactly("s-bob", "s-alice");
    assertThat(ok("sessions", "--limit", "1").out().lines().skip(1)).hasSize(1);
    AuditApi.Run none = ok("sessions", "--principal", "nobody");
    assertThat(none.out()).isEmpty();
    assertThat(none.err()).contains("No audited sessions found.");
  }

  @Test
  void sessionsAsJson() throws Exception {
    JsonNode items = JSON.readTree(ok("sessions", "--output", "json").out());
    assertThat(items.isArray()).isTrue();
    assertThat(items.findValuesAsText("session")).containsExactly("s-carol", "s-bob", "s-alice", "s-dave");
    assertThat(items.get(2).path("rowsWritten").asLong()).isEqualTo(6);
  }

  @Test
  void showPrintsTheHeaderAndEveryStatementWithItsResult() {
    AuditApi.Run run = ok("show", "s-alice");
    String out = run.out();
    assertThat(out).contains("Session     s-alice\n")
        .contains("Principal   alice\n")
        .contains("Grant       grant-alice (database role jit_alice)\n")
        .contains("Database    prod/orders via proxy-1\n")
        .contains("Client      10.0.0.5:50123, application psql\n")
        .contains("Started     " + AuditViews.time(T0) + "\n")
        .contains("Ended       " + AuditViews.time(T0.plusSeconds(9)) + " (client_closed)\n")
        .contains("Statements  4 (")
        .contains("1 failed\n")
        .contains("Rows        3 read, 6 written\n")
        .contains("Errors      42501 ×1\n")
        .contains("Flags       delete_without_where, permission_denied\n");
    List<String> table = out.lines().dropWhile(l -> !l.startsWith("#")).toList();
    assertThat(table.getFirst()).startsWith("#  TIME").contains("SQL").contains("PARAMS").contains("RESULT")
        .contains("DURATION");
    assertThat(table).hasSize(5);
    assertThat(table.get(1)).startsWith("1  " + AuditViews.time(T0.plusSeconds(1)))
        .contains(Table.truncate(LONG_SQL, AuditViews.SQL_WIDTH)).contains("…").contains("SELECT 3")
        .contains("250 µs").doesNotContain("amount > 100");
    assertThat(table.get(2)).contains("DELETE FROM invoices").contains("DELETE 5");
    assertThat(table.get(3)).contains("'gift wrap', <binary 2 B>, NULL").contains("UPDATE 1").contains("12.5 ms");
    assertThat(table.get(4)).contains("SELECT * FROM salaries")
        .contains("ERROR 42501: permission denied for table salaries").contains("90 µs");
    assertThat(out).doesNotContain("Integrity alerts");
  }

  @Test
  void showAsJsonHasTheFullSql() throws Exception {
    JsonNode detail = JSON.readTree(ok("show", "s-alice", "-o", "json").out());
    assertThat(detail.path("session").path("principal").asText()).isEqualTo("alice");
    assertThat(detail.path("statements").get(0).path("sql").asText()).isEqualTo(LONG_SQL);
    assertThat(detail.path("statements").get(3).path("result").path("sqlstate").asText()).isEqualTo("42501");
    assertThat(detail.path("statements").get(2).path("parameters").get(0).path("value").asText()).isEqualTo("gift wrap");
  }

  @Test
  void showFollowsThePagesOfALongSession() throws Exception {
    int statements = 2_100; // three pages of at most 1,000
    try (AuditApi own = new AuditApi()) {
      AuditApi.Session session = own.session("s-long", "erin", "prod", "orders", T0).start("10.0.0.9", 40003, "psql");
      for (int i = 1; i <= statements; i++) {
        session.ok("SELECT " + i + " AS page_probe", "SELECT 1", 1L);
      }
      session.end().ingest();
      String token = own.user("aud", Role.AUDITOR);

      AuditApi.Run table = own.audit(token, "show", "s-long");
      assertThat(table.exitCode()).as(table.err()).isZero();
      List<String> rows = table.out().lines().filter(l -> l.contains("AS page_probe")).toList();
      assertThat(rows).hasSize(statements);
      assertThat(rows.getLast()).contains("SELECT " + statements + " AS page_probe");

      AuditApi.Run json = own.audit(token, "show", "s-long", "-o", "json");
      JsonNode detail = JSON.readTree(json.out());
      assertThat(detail.path("statements")).hasSize(statements);
      assertThat(detail.path("statements").get(statements - 1).path("statementId").asLong()).isEqualTo(statements);
      assertThat(detail.has("next")).isFalse();
    }
  }

  @Test
  void showOfAnOpenSession() {
    String out = ok("show", "s-carol").out();
    assertThat(out).contains("Ended       still open\n").contains("Flags       ddl");
    assertThat(out).contains("CREATE TABLE notes (id int)");
  }

  @Test
  void searchFindsStatementsNewestFirst() throws Exception {
    AuditApi.Run run = ok("search", "invoices");
    List<String> lines = run.out().lines().toList();
    assertThat(lines.getFirst()).startsWith("TIME").contains("SESSION").contains("SQL").contains("RESULT");
    assertThat(lines).hasSize(4);
    assertThat(lines.get(1)).contains("s-alice").contains("UPDATE invoices").contains("UPDATE 1");
    assertThat(lines.get(3)).contains("SELECT id, customer").contains("…");

    assertThat(ok("search", "invoices", "acme").out().lines().skip(1)).hasSize(1);
    assertThat(ok("search", "--principal", "bob").out().lines().skip(1)).hasSize(2);
    assertThat(ok("search", "invoices", "--principal", "bob").err()).contains("No statements found.");
    JsonNode items = JSON.readTree(ok("search", "salaries", "--output", "json").out());
    assertThat(items.get(0).path("sql").asText()).isEqualTo("SELECT *\n  FROM salaries");
    assertThat(items.get(0).path("result").path("error").asText()).isEqualTo("permission denied for table salaries");
  }

  @Test
  void exportsNdjsonToStdoutByteForByte() {
    AuditApi.Run run = ok("export", "--session", "s-alice");
    List<String> expected = api.auditStore.sessionEvents("s-alice").stream().map(StoredEvent::line).toList();
    assertThat(run.out()).isEqualTo(String.join("\n", expected) + "\n");
  }

  @Test
  void exportsCsvToAFile() throws Exception {
    Path file = Path.of("target", "audit-cli-tests", UUID.randomUUID() + ".csv");
    AuditApi.Run run = ok("export", "--format", "csv", "--session", "s-bob", "--file", file.toString());
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).contains("Wrote ").contains(file.toString());
    String csv = Files.readString(file);
    assertThat(csv).startsWith("time,session,seq,type,id,");
    assertThat(csv.split("\r\n")).hasSize(1 + 6);
    assertThat(csv).contains("\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\"");
    assertThat(Files.exists(Path.of(file + ".part"))).isFalse();
  }

  @Test
  void aRefusedExportWritesNoFile() {
    Path file = Path.of("target", "audit-cli-tests", UUID.randomUUID() + ".ndjson");
    AuditApi.Run run = api.audit(auditor, "export", "--from", "yesterday", "--file", file.toString());
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("from: must be an RFC 3339 timestamp");
    assertThat(Files.exists(file)).isFalse();
    assertThat(Files.exists(Path.of(file + ".part"))).isFalse();
  }

  @Test
  void verifyPassesThenFindsARemovedEvent() throws Exception {
    AuditApi.Run intact = ok("verify", "--from", T0.toString());
    assertThat(intact.out()).isEqualTo("Checked 3 sessions, 19 events: every hash chain is intact.\n");
    JsonNode report = JSON.readTree(ok("verify", "--from", T0.toString(), "-o", "json").out());
    assertThat(report.path("intact").asBoolean()).isTrue();

    String from = DAVE.minusSeconds(60).toString();
    String to = DAVE.plus(Duration.ofMinutes(10)).toString();
    assertThat(ok("verify", "--from", from, "--to", to).out()).contains("Checked 1 sessions, 6 events");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + api.auditFile);
        PreparedStatement delete = c.prepareStatement("DELETE FROM events WHERE session = ? AND seq = ?")) {
      delete.setString(1, "s-dave");
      delete.setLong(2, 3);
      assertThat(delete.executeUpdate()).isEqualTo(1);
    }
    AuditApi.Run broken = api.audit(auditor, "verify", "--from", from, "--to", to);
    assertThat(broken.exitCode()).as(broken.err()).isEqualTo(1);
    assertThat(broken.out()).startsWith("SESSION  FINDING\n").contains("s-dave");
    assertThat(broken.err()).contains("Verification failed: 1 of 1 sessions have findings.");
    AuditApi.Run brokenJson = api.audit(auditor, "verify", "--from", from, "--to", to, "--output", "json");
    assertThat(brokenJson.exitCode()).isEqualTo(1);
    assertThat(JSON.readTree(brokenJson.out()).path("intact").asBoolean()).isFalse();
  }

  @Test
  void verifyFailsWhenNotEverySessionWasChecked() {
    AuditApi.Run run = api.audit(auditor, "verify", "--from", T0.toString(), "--limit", "1");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("Only the first 1 sessions were checked");
  }

  @Test
  void refusals() {
    for (List<String> args : List.of(List.of("sessions"), List.of("show", "s-alice"), List.of("search", "x"),
        List.of("export"), List.of("verify"))) {
      AuditApi.Run run = api.audit(requester, args.toArray(String[]::new));
      assertThat(run.exitCode()).as("%s", args).isEqualTo(1);
      assertThat(run.err()).as("%s", args).contains("Forbidden").contains("read the audit trail");
      assertThat(run.out()).isEmpty();
    }
    AuditApi.Run unknown = api.audit(auditor, "show", "nope");
    assertThat(unknown.exitCode()).isEqualTo(1);
    assertThat(unknown.err()).contains("audit show: Not found: no audited session nope");
    AuditApi.Run badFlag = api.audit(auditor, "sessions", "--flag", "evil");
    assertThat(badFlag.exitCode()).isEqualTo(1);
    assertThat(badFlag.err()).contains("flag: must be one of");
  }

  @Test
  void usageErrors() {
    assertThat(api.audit(auditor).exitCode()).isEqualTo(2);
    AuditApi.Run format = api.audit(auditor, "export", "--format", "xml");
    assertThat(format.exitCode()).isEqualTo(2);
    assertThat(format.err()).contains("--format");
    assertThat(api.audit(auditor, "show").exitCode()).isEqualTo(2);
  }

  @Test
  void timesMayBeDurationsAgo() {
    java.time.Clock fixed = java.time.Clock.fixed(Instant.parse("2026-11-29T12:00:00Z"), java.time.ZoneOffset.UTC);
    assertThat(AuditFilterOptions.time("24h", fixed)).isEqualTo("2026-11-28T12:00:00Z");
    assertThat(AuditFilterOptions.time("90m", fixed)).isEqualTo("2026-11-29T10:30:00Z");
    assertThat(AuditFilterOptions.time("2026-11-01T00:00:00Z", fixed)).isEqualTo("2026-11-01T00:00:00Z");
    assertThat(AuditFilterOptions.time("yesterday", fixed)).isEqualTo("yesterday");
    assertThat(AuditFilterOptions.time(" ", fixed)).isNull();
    List<String> kept = new ArrayList<>();
    kept.add(AuditFilterOptions.time("0h", fixed));
    assertThat(kept).containsExactly("0h");
  }
}
