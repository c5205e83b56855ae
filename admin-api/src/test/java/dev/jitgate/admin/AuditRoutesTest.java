package dev.jitgate.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jitgate.audit.event.Parameter;
import dev.jitgate.auditor.store.StoredEvent;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code /v1/audit} over real HTTP against a real SQLite audit store filled through the real ingest path:
 * three sessions (alice on prod/orders with a DELETE without WHERE and a permission-denied read, bob on
 * prod/billing with a formula-looking statement, carol on staging/orders still open with DDL), every filter,
 * bad input, the session detail, statement search, NDJSON and CSV export over several store pages.
 */
class AuditRoutesTest {
  /** Six hours before now, to the hour: recent enough that carol's open session is not stale for verify. */
  static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(6));
  private static final int PAGE_SIZE = 4;

  private static AuditTrail trail;
  private static ApiFixture api;
  private static String auditorToken;
  private static String requesterToken;

  @BeforeAll
  static void start() {
    trail = AuditTrail.open();
    trail.session("s-alice", "alice", "prod", "orders", T0)
        .start("10.0.0.5", 50123, "psql")
        .ok("SELECT * FROM invoices WHERE customer = 'acme'", "SELECT 3", 3L)
        .ok("DELETE FROM invoices", "DELETE 5", 5L)
        .extended("UPDATE invoices SET note = $1, blob = $2, paid = $3 WHERE id = 7",
            List.of(Parameter.ofText("gift, \"wrap\"".getBytes(StandardCharsets.UTF_8), 1024),
                Parameter.ofBinary(new byte[] {(byte) 0xde, (byte) 0xad}, 1024),
                Parameter.ofNull(dev.jitgate.audit.event.ParameterFormat.TEXT)),
            "UPDATE 1", 1L)
        .failed("SELECT * FROM salaries", "42501", "permission denied for table salaries")
        .end()
        .ingest();
    trail.session("s-bob", "bob", "prod", "billing", T0.plus(Duration.ofHours(1)))
        .start("10.0.0.6", 40000, "DBeaver")
        .ok("SELECT count(*) FROM payments", "SELECT 1", 1L)
        .failed("=HYPERLINK(\"http://evil.example\",\"x\")", "42601", "syntax error at or near \"=\"")
        .ok("SELECT 'a,b' AS x,\n 2 AS y", "SELECT 1", 1L)
        .end()
        .ingest();
    trail.session("s-carol", "carol", "staging", "orders", T0.plus(Duration.ofHours(2)))
        .start("10.0.0.7", 40001, "psql")
        .ok("CREATE TABLE notes (id int)", "CREATE TABLE", null)
        .ingest();
    api = ApiFixture.withAudit(trail.store, PAGE_SIZE);
    auditorToken = api.user("aud", "auditor");
    requesterToken = api.user("req", "requester");
  }

  @AfterAll
  static void stop() {
    api.close();
    trail.close();
  }

  private static Http.Response get(String pathAndQuery) {
    return api.http.get(pathAndQuery, auditorToken);
  }

  private static List<String> sessionIds(String query) {
    Http.Response r = get("/v1/audit/sessions" + query);
    assertThat(r.status()).as("%s", r).isEqualTo(200);
    return r.json().path("items").findValuesAsText("session");
  }

  private static String enc(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }

  private static String at(Duration offset) {
    return enc(T0.plus(offset).toString());
  }

  @Test
  void listsSessionsNewestFirstWithTheirSummaries() {
    Http.Response r = get("/v1/audit/sessions");
    assertThat(r.status()).as("%s", r).isEqualTo(200);
    assertThat(r.contentType()).startsWith("application/json");
    JsonNode items = r.json().path("items");
    assertThat(items.findValuesAsText("session")).containsExactly("s-carol", "s-bob", "s-alice");

    JsonNode alice = items.get(2);
    assertThat(alice.path("principal").asText()).isEqualTo("alice");
    assertThat(alice.path("grant").asText()).isEqualTo("grant-alice");
    assertThat(alice.path("integration").asText()).isEqualTo("prod");
    assertThat(alice.path("database").asText()).isEqualTo("orders");
    assertThat(alice.path("dbRole").asText()).isEqualTo("jit_alice");
    assertThat(alice.path("clientAddress").asText()).isEqualTo("10.0.0.5");
    assertThat(alice.path("clientPort").asInt()).isEqualTo(50123);
    assertThat(alice.path("applicationName").asText()).isEqualTo("psql");
    assertThat(Instant.parse(alice.path("startedAt").asText())).isEqualTo(T0);
    assertThat(Instant.parse(alice.path("endedAt").asText())).isEqualTo(T0.plusSeconds(9));
    assertThat(alice.path("endReason").asText()).isEqualTo("client_closed");
    assertThat(alice.path("statements").asLong()).isEqualTo(4);
    assertThat(alice.path("failedStatements").asLong()).isEqualTo(1);
    assertThat(alice.path("statementsByClass").path("write").asLong()).isEqualTo(2);
    assertThat(alice.path("statementsByClass").path("read").asLong()).isGreaterThanOrEqualTo(1);
    assertThat(alice.path("rowsWritten").asLong()).isEqualTo(6);
    assertThat(alice.path("rowsRead").asLong()).isEqualTo(3);
    assertThat(alice.path("bytesIn").asLong()).isEqualTo(1_000);
    assertThat(alice.path("bytesOut").asLong()).isEqualTo(5_000);
    assertThat(alice.path("objects").findValuesAsText("name")).contains("invoices", "salaries");
    assertThat(alice.path("objects").get(0).path("kind").asText()).isEqualTo("table");
    assertThat(alice.path("errorsBySqlstate").path("42501").asLong()).isEqualTo(1);
    assertThat(textsOf(alice.path("flags"))).containsExactlyInAnyOrder("delete_without_where", "permission_denied");
    assertThat(alice.has("lastSeq")).as("internal state is not exposed").isFalse();
    assertThat(alice.has("pendingStatements")).as("internal state is not exposed").isFalse();

    JsonNode carol = items.get(0);
    assertThat(carol.path("endedAt").isNull()).as("open session: %s", carol).isTrue();
    assertThat(textsOf(carol.path("flags"))).contains("ddl");
  }

  private static List<String> textsOf(JsonNode array) {
    List<String> texts = new ArrayList<>();
    array.forEach(n -> texts.add(n.asText()));
    return texts;
  }

  @Test
  void filtersSessions() {
    assertThat(sessionIds("?principal=alice")).containsExactly("s-alice");
    assertThat(sessionIds("?integration=staging")).containsExactly("s-carol");
    assertThat(sessionIds("?database=orders")).containsExactly("s-carol", "s-alice");
    assertThat(sessionIds("?integration=prod&database=orders")).containsExactly("s-alice");
    assertThat(sessionIds("?from=" + at(Duration.ofMinutes(30)))).containsExactly("s-carol", "s-bob");
    assertThat(sessionIds("?to=" + at(Duration.ofMinutes(90)))).containsExactly("s-bob", "s-alice");
    assertThat(sessionIds("?from=" + at(Duration.ofMinutes(30)) + "&to=" + at(Duration.ofMinutes(90))))
        .containsExactly("s-bob");
    assertThat(sessionIds("?flag=delete_without_where")).containsExactly("s-alice");
    assertThat(sessionIds("?flag=PERMISSION_DENIED")).containsExactly("s-alice");
    assertThat(sessionIds("?flag=Ddl")).containsExactly("s-carol");
    assertThat(sessionIds("?flag=copy_program")).isEmpty();
    assertThat(sessionIds("?q=payments")).containsExactly("s-bob");
    assertThat(sessionIds("?q=" + enc("invoices acme"))).containsExactly("s-alice");
    assertThat(sessionIds("?q=nosuchword")).isEmpty();
    assertThat(sessionIds("?limit=1")).containsExactly("s-carol");
    assertThat(sessionIds("?principal=nobody")).isEmpty();
  }

  @Test
  void acceptsRfc3339WithOffsetsAndLowerCase() {
    String plusTwo = T0.plus(Duration.ofMinutes(30)).atOffset(java.time.ZoneOffset.ofHours(2)).toString();
    assertThat(sessionIds("?from=" + enc(plusTwo))).containsExactly("s-carol", "s-bob");
    String lower = T0.plus(Duration.ofMinutes(90)).toString().toLowerCase(java.util.Locale.ROOT);
    assertThat(sessionIds("?to=" + enc(lower))).containsExactly("s-bob", "s-alice");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "/v1/audit/sessions?from=yesterday|from",
      "/v1/audit/sessions?to=2026-13-01T00:00:00Z|to",
      "/v1/audit/sessions?from=2026-11-29T10:00:00|from",
      "/v1/audit/sessions?from=2026-11-29T10:00:00Z&to=2026-11-29T09:00:00Z|to",
      "/v1/audit/sessions?from=2026-11-29T10:00:00Z&to=2026-11-29T10:00:00Z|to",
      "/v1/audit/sessions?flag=evil|flag",
      "/v1/audit/sessions?limit=0|limit",
      "/v1/audit/sessions?limit=1001|limit",
      "/v1/audit/sessions?limit=ten|limit",
      "/v1/audit/statements?from=now|from",
      "/v1/audit/statements?limit=-1|limit",
      "/v1/audit/export?format=xml|format",
      "/v1/audit/export?from=2026-11-29|from",
      "/v1/audit/verify?to=later|to",
      "/v1/audit/verify?limit=10001|limit",
      "/v1/audit/sessions/s-alice?after=-1|after",
      "/v1/audit/sessions/s-alice?after=two|after",
      "/v1/audit/sessions/s-alice?limit=0|limit"})
  void badInputIsA400NamingTheField(String path, String field) {
    Http.Response r = get(path);
    assertThat(r.status()).as("%s", r).isEqualTo(400);
    assertThat(r.isProblem()).isTrue();
    assertThat(r.json().path("field").asText()).isEqualTo(field);
    assertThat(r.json().path("detail").asText()).startsWith(field + ": ");
  }

  @Test
  void overlongTextAndNamesAre400s() {
    String longText = "a".repeat(1001);
    Http.Response q = get("/v1/audit/statements?q=" + longText);
    assertThat(q.status()).as("%s", q).isEqualTo(400);
    assertThat(q.json().path("field").asText()).isEqualTo("q");
    Http.Response sessions = get("/v1/audit/sessions?q=" + longText);
    assertThat(sessions.json().path("field").asText()).isEqualTo("q");
    Http.Response principal = get("/v1/audit/sessions?principal=" + "p".repeat(257));
    assertThat(principal.status()).isEqualTo(400);
    assertThat(principal.json().path("field").asText()).isEqualTo("principal");
  }

  @Test
  void hostileSearchTextIsJustWords() {
    for (String hostile : new String[] {"invoices\" OR \"x", "NEAR(a b)", "'; DROP TABLE events; --",
        "col:invoices", "a*", "invoices -acme", "{x}"}) {
      Http.Response r = get("/v1/audit/statements?q=" + enc(hostile));
      assertThat(r.status()).as("%s: %s", hostile, r).isEqualTo(200);
      Http.Response s = get("/v1/audit/sessions?q=" + enc(hostile));
      assertThat(s.status()).as("%s: %s", hostile, s).isEqualTo(200);
    }
    for (String wordless : new String[] {"\"", "*", "^", "\\", "\u0000", "- + ;"}) {
      for (String route : List.of("/v1/audit/statements", "/v1/audit/sessions")) {
        Http.Response r = get(route + "?q=" + enc(wordless));
        assertThat(r.status()).as("%s %s: %s", route, wordless, r).isEqualTo(400);
        assertThat(r.json().path("field").asText()).isEqualTo("q");
      }
    }
    assertThat(sqlOf("/v1/audit/statements?q=" + enc("invoices\" OR \"x"))).isEmpty();
  }

  @Test
  void showsOneSessionWithItsOrderedStatementsResultsAndParameters() {
    Http.Response r = get("/v1/audit/sessions/s-alice");
    assertThat(r.status()).as("%s", r).isEqualTo(200);
    JsonNode detail = r.json();
    assertThat(detail.path("session").path("session").asText()).isEqualTo("s-alice");
    assertThat(detail.path("alerts").isArray()).isTrue();
    assertThat(detail.path("alerts")).isEmpty();
    JsonNode statements = detail.path("statements");
    assertThat(statements).hasSize(4);
    assertThat(statements.findValuesAsText("statementId")).containsExactly("1", "2", "3", "4");
    assertThat(statements.get(0).path("sql").asText()).isEqualTo("SELECT * FROM invoices WHERE customer = 'acme'");
    assertThat(statements.get(0).path("protocol").asText()).isEqualTo("simple");
    assertThat(statements.get(0).path("seq").asLong()).isEqualTo(2);
    assertThat(Instant.parse(statements.get(0).path("time").asText())).isEqualTo(T0.plusSeconds(1));
    JsonNode select = statements.get(0).path("result");
    assertThat(select.path("failed").asBoolean()).isFalse();
    assertThat(select.path("commandTag").asText()).isEqualTo("SELECT 3");
    assertThat(select.path("rows").asLong()).isEqualTo(3);
    assertThat(select.path("durationMicros").asLong()).isEqualTo(250);

    JsonNode update = statements.get(2);
    assertThat(update.path("protocol").asText()).isEqualTo("extended");
    JsonNode params = update.path("parameters");
    assertThat(params).hasSize(3);
    assertThat(params.get(0).path("format").asText()).isEqualTo("text");
    assertThat(params.get(0).path("value").asText()).isEqualTo("gift, \"wrap\"");
    assertThat(params.get(1).path("format").asText()).isEqualTo("binary");
    assertThat(params.get(1).path("value").asText()).isEqualTo("3q0=");
    assertThat(params.get(1).path("originalLength").asLong()).isEqualTo(2);
    assertThat(params.get(2).path("value").isNull()).isTrue();

    JsonNode denied = statements.get(3).path("result");
    assertThat(denied.path("failed").asBoolean()).isTrue();
    assertThat(denied.path("sqlstate").asText()).isEqualTo("42501");
    assertThat(denied.path("error").asText()).isEqualTo("permission denied for table salaries");
    assertThat(denied.path("commandTag").isNull()).isTrue();
  }

  @Test
  void pagesASessionsStatementsWithAfterAndNext() {
    Http.Response first = get("/v1/audit/sessions/s-alice?limit=3");
    assertThat(first.status()).as("%s", first).isEqualTo(200);
    assertThat(first.json().path("statements").findValuesAsText("statementId")).containsExactly("1", "2", "3");
    long next = first.json().path("next").asLong();
    assertThat(next).isEqualTo(first.json().path("statements").get(2).path("seq").asLong());
    // the update's parameters come with its page
    assertThat(first.json().path("statements").get(2).path("parameters")).hasSize(3);

    Http.Response second = get("/v1/audit/sessions/s-alice?limit=3&after=" + next);
    assertThat(second.status()).as("%s", second).isEqualTo(200);
    assertThat(second.json().path("statements").findValuesAsText("statementId")).containsExactly("4");
    assertThat(second.json().path("statements").get(0).path("result").path("sqlstate").asText()).isEqualTo("42501");
    assertThat(second.json().path("next").isNull()).isTrue();
    assertThat(second.json().path("session").path("session").asText()).isEqualTo("s-alice");

    Http.Response whole = get("/v1/audit/sessions/s-alice");
    assertThat(whole.json().path("statements")).hasSize(4);
    assertThat(whole.json().path("next").isNull()).isTrue();
  }

  @Test
  void anUnknownSessionIs404() {
    Http.Response r = get("/v1/audit/sessions/no-such-session");
    assertThat(r.status()).as("%s", r).isEqualTo(404);
    assertThat(r.isProblem()).isTrue();
    assertThat(r.json().path("detail").asText()).contains("no-such-session");
  }

  @Test
  void searchesStatementsNewestFirst() {
    Http.Response r = get("/v1/audit/statements?q=invoices");
    assertThat(r.status()).as("%s", r).isEqualTo(200);
    JsonNode items = r.json().path("items");
    assertThat(items.findValuesAsText("statementId")).containsExactly("3", "2", "1");
    JsonNode update = items.get(0);
    assertThat(update.path("session").asText()).isEqualTo("s-alice");
    assertThat(update.path("principal").asText()).isEqualTo("alice");
    assertThat(update.path("integration").asText()).isEqualTo("prod");
    assertThat(update.path("database").asText()).isEqualTo("orders");
    assertThat(update.path("eventId").asText()).isNotEmpty();
    assertThat(update.path("result").path("commandTag").asText()).isEqualTo("UPDATE 1");

    assertThat(sqlOf("/v1/audit/statements?database=billing")).containsExactly(
        "SELECT 'a,b' AS x,\n 2 AS y", "=HYPERLINK(\"http://evil.example\",\"x\")", "SELECT count(*) FROM payments");
    assertThat(sqlOf("/v1/audit/statements?q=invoices&principal=bob")).isEmpty();
    assertThat(sqlOf("/v1/audit/statements?principal=carol")).containsExactly("CREATE TABLE notes (id int)");
    assertThat(sqlOf("/v1/audit/statements?integration=staging")).containsExactly("CREATE TABLE notes (id int)");
    assertThat(sqlOf("/v1/audit/statements?q=invoices&limit=1")).containsExactly(
        "UPDATE invoices SET note = $1, blob = $2, paid = $3 WHERE id = 7");
    assertThat(sqlOf("/v1/audit/statements?from=" + at(Duration.ofSeconds(2)) + "&to=" + at(Duration.ofSeconds(4))))
        .containsExactly("DELETE FROM invoices");
    assertThat(sqlOf("/v1/audit/statements?q=salaries")).containsExactly("SELECT * FROM salaries");
  }

  private static List<String> sqlOf(String path) {
    Http.Response r = get(path);
    assertThat(r.status()).as("%s", r).isEqualTo(200);
    return r.json().path("items").findValuesAsText("sql");
  }

  @Test
  void exportsTheStoredLinesByteForByteAcrossPages() {
    Http.Export r = api.http.export("/v1/audit/export", auditorToken);
    assertThat(r.status()).as("%s", r).isEqualTo(200);
    assertThat(r.contentType()).startsWith("application/x-ndjson");
    assertThat(r.contentDisposition()).isEqualTo("attachment; filename=\"jitgate-audit.ndjson\"");
    List<String> expected = new ArrayList<>();
    for (String session : List.of("s-alice", "s-bob", "s-carol")) {
      trail.store.sessionEvents(session).stream().map(StoredEvent::line).forEach(expected::add);
    }
    assertThat(expected).hasSizeGreaterThan(PAGE_SIZE * 4);
    String body = new String(r.body(), StandardCharsets.UTF_8);
    assertThat(body).endsWith("\n");
    List<String> lines = body.lines().toList();
    assertThat(lines).containsExactlyElementsOf(expected);
  }

  @Test
  void exportsOneSessionOrATimeRange() {
    Http.Export session = api.http.export("/v1/audit/export?session=s-bob", auditorToken);
    assertThat(session.status()).isEqualTo(200);
    assertThat(session.contentDisposition()).isEqualTo("attachment; filename=\"jitgate-audit-s-bob.ndjson\"");
    assertThat(new String(session.body(), StandardCharsets.UTF_8).lines())
        .containsExactlyElementsOf(trail.store.sessionEvents("s-bob").stream().map(StoredEvent::line).toList());

    Instant from = T0.plus(Duration.ofHours(1));
    Instant to = T0.plus(Duration.ofHours(1)).plusSeconds(3);
    Http.Export range = api.http.export("/v1/audit/export?from=" + enc(from.toString()) + "&to=" + enc(to.toString()),
        auditorToken);
    assertThat(range.status()).isEqualTo(200);
    assertThat(new String(range.body(), StandardCharsets.UTF_8).lines()).hasSize(3);
    assertThat(range.contentDisposition()).matches(
        "attachment; filename=\"jitgate-audit-from-\\d{8}T\\d{6}Z-to-\\d{8}T\\d{6}Z\\.ndjson\"");

    Http.Export odd = api.http.export("/v1/audit/export?session=" + enc("a/b\"c;\r\nd"), auditorToken);
    assertThat(odd.status()).isEqualTo(200);
    assertThat(odd.body()).isEmpty();
    assertThat(odd.contentDisposition()).isEqualTo("attachment; filename=\"jitgate-audit-a_b_c___d.ndjson\"");
  }

  @Test
  void exportsCsvWithQuotingAndFormulaProtection() {
    Http.Export r = api.http.export("/v1/audit/export?format=csv&session=s-bob", auditorToken);
    assertThat(r.status()).as("%s", r).isEqualTo(200);
    assertThat(r.contentType()).startsWith("text/csv");
    assertThat(r.contentDisposition()).isEqualTo("attachment; filename=\"jitgate-audit-s-bob.csv\"");
    String body = new String(r.body(), StandardCharsets.UTF_8);
    List<List<String>> rows = Csv.parse(body);
    assertThat(rows.getFirst()).containsExactlyElementsOf(AuditCsv.COLUMNS);
    assertThat(rows).hasSize(1 + 8);
    for (List<String> row : rows) {
      assertThat(row).hasSize(AuditCsv.COLUMNS.size());
    }
    int sql = AuditCsv.COLUMNS.indexOf("sql");
    int error = AuditCsv.COLUMNS.indexOf("error");
    int type = AuditCsv.COLUMNS.indexOf("type");
    int details = AuditCsv.COLUMNS.indexOf("details");
    List<String> formula = rows.get(4);
    assertThat(formula.get(type)).isEqualTo("statement");
    assertThat(formula.get(sql)).isEqualTo("'=HYPERLINK(\"http://evil.example\",\"x\")");
    assertThat(rows.get(5).get(error)).isEqualTo("syntax error at or near \"=\"");
    assertThat(rows.get(6).get(sql)).isEqualTo("SELECT 'a,b' AS x,\n 2 AS y");
    assertThat(rows.get(1).get(type)).isEqualTo("session.start");
    assertThat(rows.get(1).get(details)).contains("\"client_address\":\"10.0.0.6\"").contains("DBeaver");
    assertThat(body).contains("\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\"");
    assertThat(body).endsWith("\r\n");
  }

  @Test
  void csvCellsAreEscapedAndNeutralized() {
    assertThat(AuditCsv.cell("plain")).isEqualTo("plain");
    assertThat(AuditCsv.cell(null)).isEmpty();
    assertThat(AuditCsv.cell("")).isEmpty();
    assertThat(AuditCsv.cell("a,b")).isEqualTo("\"a,b\"");
    assertThat(AuditCsv.cell("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
    assertThat(AuditCsv.cell("two\nlines")).isEqualTo("\"two\nlines\"");
    assertThat(AuditCsv.cell("cr\rhere")).isEqualTo("\"cr\rhere\"");
    assertThat(AuditCsv.cell("=1+2")).isEqualTo("'=1+2");
    assertThat(AuditCsv.cell("+1")).isEqualTo("'+1");
    assertThat(AuditCsv.cell("-- comment")).isEqualTo("'-- comment");
    assertThat(AuditCsv.cell("@SUM(A1)")).isEqualTo("'@SUM(A1)");
    assertThat(AuditCsv.cell("\tx")).isEqualTo("'\tx");
    assertThat(AuditCsv.cell("=a,b")).isEqualTo("\"'=a,b\"");
    assertThat(AuditCsv.cell("a=b")).isEqualTo("a=b");
    assertThat(AuditCsv.line(List.of("a", "b,c", ""))).isEqualTo("a,\"b,c\",\r\n");
  }

  @Test
  void verifiesTheChainsOfARange() {
    Http.Response r = get("/v1/audit/verify?from=" + at(Duration.ZERO));
    assertThat(r.status()).as("%s", r).isEqualTo(200);
    JsonNode report = r.json();
    assertThat(report.path("intact").asBoolean()).as("%s", report).isTrue();
    assertThat(report.path("sessionsChecked").asInt()).isEqualTo(3);
    assertThat(report.path("eventsChecked").asLong()).isEqualTo(21);
    assertThat(report.path("truncated").asBoolean()).isFalse();
    assertThat(report.path("problems")).isEmpty();
    assertThat(Instant.parse(report.path("from").asText())).isEqualTo(T0);

    JsonNode limited = get("/v1/audit/verify?limit=1").json();
    assertThat(limited.path("sessionsChecked").asInt()).isEqualTo(1);
    assertThat(limited.path("truncated").asBoolean()).isTrue();
  }

  @Test
  void requestersMayNotReadTheAuditTrail() {
    for (String path : List.of("/v1/audit/sessions", "/v1/audit/sessions/s-alice", "/v1/audit/statements?q=x",
        "/v1/audit/export", "/v1/audit/verify")) {
      Http.Response r = api.http.get(path, requesterToken);
      assertThat(r.status()).as("%s: %s", path, r).isEqualTo(403);
      assertThat(r.isProblem()).isTrue();
      assertThat(r.json().path("detail").asText()).contains("auditor").contains("read the audit trail");
      assertThat(r.body()).doesNotContain("invoices");
    }
  }

  @Test
  void nobodyWrites() {
    for (String method : List.of("POST", "PUT", "DELETE", "PATCH")) {
      for (String path : List.of("/v1/audit/sessions", "/v1/audit/sessions/s-alice", "/v1/audit/statements",
          "/v1/audit/export", "/v1/audit/verify")) {
        Http.Response r = api.http.send(method, path, api.adminToken, "{}", "application/json");
        assertThat(r.status()).as("%s %s: %s", method, path, r).isEqualTo(405);
        assertThat(r.isProblem()).isTrue();
      }
    }
    assertThat(sessionIds("")).containsExactly("s-carol", "s-bob", "s-alice");
  }

  @Test
  void adminsReadToo() {
    Http.Response r = api.http.get("/v1/audit/sessions?principal=alice", api.adminToken);
    assertThat(r.status()).as("%s", r).isEqualTo(200);
    assertThat(r.json().path("items").findValuesAsText("session")).containsExactly("s-alice");
  }
}
