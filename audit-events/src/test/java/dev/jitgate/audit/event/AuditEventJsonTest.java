package dev.jitgate.audit.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AuditEventJsonTest {
  private final AuditEventJson json = new AuditEventJson();
  private final JsonMapper mapper = new JsonMapper();

  static Stream<EventBody> bodies() {
    return Events.oneOfEach().stream();
  }

  @ParameterizedTest
  @MethodSource("bodies")
  void everyTypeRoundTripsAsOneLine(EventBody body) {
    AuditEvent event = Events.builder(Events.CONTEXT).append(body);

    String line = json.write(event);
    ParseResult result = json.read(line);

    assertThat(line).doesNotContain("\n").doesNotContain("\r").startsWith("{").endsWith("}");
    assertThat(result).isEqualTo(new ParseResult.Ok(1, event));
    assertThat(json.write(((ParseResult.Ok) result).event())).isEqualTo(line);
  }

  @Test
  void statementHasTheDocumentedShape() throws Exception {
    AuditEvent event = Events.builder(Events.CONTEXT).append(Events.extendedStatement());

    JsonNode node = mapper.readTree(json.write(event));

    assertThat(node.get("v").intValue()).isEqualTo(1);
    assertThat(node.get("type").textValue()).isEqualTo("statement");
    assertThat(node.get("time").textValue()).isEqualTo("2026-11-29T13:05:12.123456Z");
    assertThat(node.get("session").textValue()).isEqualTo("sess-1");
    assertThat(node.get("seq").longValue()).isEqualTo(1);
    assertThat(node.get("proxy").textValue()).isEqualTo("proxy-eu-1");
    assertThat(node.get("principal").textValue()).isEqualTo("alice");
    assertThat(node.get("grant").textValue()).isEqualTo("g-7f3a");
    assertThat(node.get("integration").textValue()).isEqualTo("prod-orders");
    assertThat(node.get("database").textValue()).isEqualTo("orders");
    assertThat(node.get("db_role").textValue()).isEqualTo("jit_alice_7f3a");
    assertThat(node.get("prev").textValue()).isEqualTo("0".repeat(64));
    assertThat(node.get("statement_id").longValue()).isEqualTo(2);
    assertThat(node.get("sql").textValue()).isEqualTo("SELECT $1::text, $2::bytea, $3::int");
    assertThat(node.get("protocol").textValue()).isEqualTo("extended");
    assertThat(node.get("statement_name").textValue()).isEqualTo("S_1");
    assertThat(node.get("portal_name").textValue()).isEmpty();
    assertThat(node.get("function_oid").isNull()).isTrue();
    JsonNode params = node.get("parameters");
    assertThat(params).hasSize(3);
    assertThat(params.get(0).toString())
        .isEqualTo("{\"format\":\"text\",\"original_length\":12,\"truncated\":false,\"value\":\"héllo\\nworld\"}");
    assertThat(params.get(1).get("format").textValue()).isEqualTo("binary");
    assertThat(params.get(1).get("value").textValue()).isEqualTo("AAH+/w==");
    assertThat(params.get(1).get("original_length").longValue()).isEqualTo(4);
    assertThat(params.get(2).get("value").isNull()).isTrue();
    assertThat(params.get(2).get("original_length").isNull()).isTrue();
    assertThat(node.size()).isEqualTo(20);
  }

  @Test
  void commonFieldsUseTheArchitectureNames() throws Exception {
    AuditEvent event = Events.builder(Events.CONTEXT).append(Events.sessionStart());

    JsonNode node = mapper.readTree(json.write(event));

    assertThat(node.properties()).extracting(Map.Entry::getKey).contains(
        "v", "id", "type", "time", "session", "seq", "proxy", "principal", "grant", "integration",
        "database", "db_role", "prev");
    assertThat(node.get("client_address").textValue()).isEqualTo("10.1.2.3");
    assertThat(node.get("client_port").intValue()).isEqualTo(51234);
    assertThat(node.get("tls_version").textValue()).isEqualTo("TLSv1.3");
    assertThat(node.get("auth_method").textValue()).isEqualTo("scram-sha-256-plus");
  }

  @Test
  void otherTypesHaveTheDocumentedShape() throws Exception {
    ChainBuilder chain = Events.builder(Events.CONTEXT);
    JsonNode done = mapper.readTree(json.write(chain.append(StatementDone.failed(7, 12, "23505", "dup"))));
    JsonNode copy = mapper.readTree(json.write(chain.append(new Copy(8, CopyDirection.IN, 99, 3L))));
    JsonNode end = mapper.readTree(json.write(chain.append(new SessionEnd(EndReason.IDLE_TIMEOUT, 1, 2, 3, 4))));
    JsonNode reject = mapper.readTree(json.write(chain.append(Events.sessionReject())));

    assertThat(done.toString()).contains(
        "\"command_tag\":null", "\"duration_micros\":12", "\"error\":\"dup\"", "\"rows\":null",
        "\"sqlstate\":\"23505\"", "\"statement_id\":7", "\"type\":\"statement.done\"");
    assertThat(copy.toString()).contains("\"bytes\":99", "\"direction\":\"in\"", "\"rows\":3", "\"type\":\"copy\"");
    assertThat(end.toString()).contains(
        "\"bytes_in\":1", "\"bytes_out\":2", "\"duration_micros\":4", "\"reason\":\"idle_timeout\"",
        "\"statements\":3", "\"type\":\"session.end\"");
    assertThat(reject.toString()).contains(
        "\"requested_database\":null", "\"requested_user\":\"mallory\"", "\"sqlstate\":\"28P01\"",
        "\"type\":\"session.reject\"");
  }

  @Test
  void adminEventTypeCarriesTheAction() throws Exception {
    ChainBuilder chain = Events.builder(SessionContext.admin("admin-api-0"));
    AuditEvent event = chain.append(SessionContext.admin("admin-api-0").withPrincipal("bob"),
        new AdminAction("grant.revoke", "bob", "grant", "g-1", Map.of("b", "2", "a", "1")),
        "019a7c3d-1111-7222-b333-444455556666");

    String line = json.write(event);

    assertThat(line).contains(
        "\"type\":\"admin.grant.revoke\"", "\"action\":\"grant.revoke\"", "\"session\":\"admin:admin-api-0\"",
        "\"principal\":\"bob\"", "\"details\":{\"a\":\"1\",\"b\":\"2\"}", "\"grant\":null",
        "\"id\":\"019a7c3d-1111-7222-b333-444455556666\"");
    assertThat(json.read(line)).isInstanceOf(ParseResult.Ok.class);
  }

  @Test
  void alertEventNamesTheBrokenSessionAndRejectsAnUnknownKind() {
    SessionContext auditor = new SessionContext("auditor-019a7c3d-0000-7000-8000-000000000002", "auditor-0",
        null, null, null, null, null);
    AuditEvent event = Events.builder(auditor)
        .append(new Alert(AlertKind.GAP, "sess-9", 4, "gap: seq 4..6 missing"));

    String line = json.write(event);

    assertThat(line).contains("\"type\":\"alert\"", "\"kind\":\"gap\"", "\"subject_session\":\"sess-9\"",
        "\"subject_seq\":4", "\"detail\":\"gap: seq 4..6 missing\"");
    assertThat(((ParseResult.Ok) json.read(line)).event()).isEqualTo(event);
    ParseResult bad = json.read(7, line.replace("\"kind\":\"gap\"", "\"kind\":\"meh\""));
    assertThat(bad).isInstanceOfSatisfying(ParseResult.Invalid.class, invalid -> {
      assertThat(invalid.field()).isEqualTo("kind");
      assertThat(invalid.reason()).contains("gap, altered, reordered or conflict");
    });
    ParseResult noSeq = json.read(8, line.replace("\"subject_seq\":4", "\"subject_seq\":0"));
    assertThat(noSeq).isInstanceOfSatisfying(ParseResult.Invalid.class,
        invalid -> assertThat(invalid.field()).isEqualTo("subject_seq"));
  }

  @Test
  void writesCanonicalFormKeysSortedNoWhitespace() {
    String line = json.write(Events.builder(Events.CONTEXT).append(new Copy(1, CopyDirection.OUT, 5, null)));

    assertThat(line).startsWith("{\"bytes\":5,\"database\":\"orders\",\"db_role\":\"jit_alice_7f3a\",")
        .doesNotContain(" ")
        .endsWith("\"type\":\"copy\",\"v\":1}");
  }

  @Test
  void hashIsStableAcrossKeyOrderAndWhitespace() throws Exception {
    AuditEvent event = Events.builder(Events.CONTEXT).append(Events.extendedStatement());
    String line = json.write(event);
    JsonNode tree = mapper.readTree(line);
    List<String> names = tree.properties().stream().map(Map.Entry::getKey).toList().reversed();
    StringBuilder reordered = new StringBuilder("{\n");
    for (int i = 0; i < names.size(); i++) {
      reordered.append("  ").append(mapper.writeValueAsString(names.get(i))).append(" : ")
          .append(mapper.writeValueAsString(tree.get(names.get(i)))).append(i + 1 < names.size() ? ",\n" : "\n");
    }
    reordered.append("}");

    ParseResult result = json.read(reordered.toString());

    assertThat(reordered.toString()).isNotEqualTo(line);
    assertThat(result).isInstanceOf(ParseResult.Ok.class);
    AuditEvent parsed = ((ParseResult.Ok) result).event();
    assertThat(json.hash(parsed)).isEqualTo(json.hash(event));
    assertThat(json.hash(event)).isEqualTo(sha256Hex(line));
  }

  @Test
  void binaryParametersRoundTripViaBase64AndNullStaysNull() {
    byte[] raw = new byte[256];
    for (int i = 0; i < raw.length; i++) {
      raw[i] = (byte) i;
    }
    Statement statement = Statement.extended(1, "INSERT INTO t VALUES ($1, $2, $3)", "", "", List.of(
        Parameter.ofBinary(raw, 1024), Parameter.ofNull(ParameterFormat.BINARY), Parameter.ofNull(ParameterFormat.TEXT)));
    String line = json.write(Events.builder(Events.CONTEXT).append(statement));

    Statement read = (Statement) ((ParseResult.Ok) json.read(line)).event().body();

    assertThat(read.parameters().get(0).bytes()).isEqualTo(raw);
    assertThat(line).contains("\"value\":\"" + Base64.getEncoder().encodeToString(raw) + "\"");
    assertThat(line).contains("{\"format\":\"binary\",\"original_length\":null,\"truncated\":false,\"value\":null}");
    assertThat(read.parameters().get(1).value()).isNull();
    assertThat(read.parameters().get(2)).isEqualTo(Parameter.ofNull(ParameterFormat.TEXT));
  }

  @Test
  void unknownTopLevelFieldsAreKeptAndHashedLikeTheOriginal() throws Exception {
    AuditEvent event = Events.builder(Events.CONTEXT).append(Events.sessionStart());
    JsonNode tree = mapper.readTree(json.write(event));
    ((com.fasterxml.jackson.databind.node.ObjectNode) tree).putObject("geo").put("country", "DE").put("asn", 3320);
    String newer = mapper.writeValueAsString(tree);

    AuditEvent read = ((ParseResult.Ok) json.read(newer)).event();

    assertThat(read.extensions()).containsExactly(Map.entry("geo", "{\"asn\":3320,\"country\":\"DE\"}"));
    assertThat(json.write(read)).contains("\"geo\":{\"asn\":3320,\"country\":\"DE\"}");
    assertThat(json.hash(read)).isEqualTo(sha256Hex(canonicalOf(newer))).isNotEqualTo(json.hash(event));
  }

  static Stream<Arguments> invalidLines() {
    return Stream.of(
        Arguments.of("not json", "$", "not valid JSON"),
        Arguments.of("[1,2]", "$", "must be a JSON object"),
        Arguments.of("", "$", "empty line"),
        Arguments.of(edit("\"v\":1", "\"v\":2"), "v", "unsupported version 2"),
        Arguments.of(edit(",\"v\":1", ""), "v", "is missing"),
        Arguments.of(edit("\"type\":\"copy\"", "\"type\":\"copy.paste\""), "type", "unknown event type"),
        Arguments.of(edit("\"type\":\"copy\"", "\"type\":7"), "type", "must be a string"),
        Arguments.of(edit("\"id\":\"", "\"id\":\"X"), "id", "UUIDv7"),
        Arguments.of(edit("\"seq\":1", "\"seq\":-3"), "seq", "at least 1"),
        Arguments.of(edit("\"seq\":1", "\"seq\":0"), "seq", "at least 1"),
        Arguments.of(edit("\"seq\":1", "\"seq\":1.5"), "seq", "integer"),
        Arguments.of(edit("\"seq\":1", "\"seq\":\"1\""), "seq", "integer"),
        Arguments.of(edit("\"seq\":1", "\"seq\":99999999999999999999"), "seq", "64-bit"),
        Arguments.of(edit("\"session\":\"sess-1\",", ""), "session", "is missing"),
        Arguments.of(edit("\"grant\":\"g-7f3a\",", ""), "grant", "is missing"),
        Arguments.of(edit("\"proxy\":\"proxy-eu-1\"", "\"proxy\":null"), "proxy", "must not be null"),
        Arguments.of(edit("\"principal\":\"alice\"", "\"principal\":\" \""), "principal", "blank"),
        Arguments.of(edit("\"time\":\"2026-11-29T13:05:12.123456Z\"", "\"time\":\"2026-11-29T13:05:12.123Z\""),
            "time", "6 fraction digits"),
        Arguments.of(edit("\"time\":\"2026-11-29T13:05:12.123456Z\"", "\"time\":\"2026-13-29T13:05:12.123456Z\""),
            "time", "not a valid date"),
        Arguments.of(edit("\"prev\":\"0000", "\"prev\":\"ZZ00"), "prev", "64 lower-case hex"),
        Arguments.of(edit("\"direction\":\"out\"", "\"direction\":\"sideways\""), "direction", "in or out"),
        Arguments.of(edit("\"bytes\":5", "\"bytes\":-5"), "bytes", "negative"),
        Arguments.of(edit("\"rows\":null,", ""), "rows", "is missing"),
        Arguments.of(edit("\"bytes\":5", "\"bytes\":5,\"bytes\":6"), "bytes", "more than once"),
        Arguments.of(edit("\"bytes\":5", "\"bytes\":5} {"), "$", "not valid JSON"),
        Arguments.of(edit("\"bytes\":5", "\"bytes\":5,\"extra\":0.5"), "extra", "integer"),
        Arguments.of(edit("\"bytes\":5", "\"bytes\":5,\"extra\":\"\\ud800\""), "extra", "surrogate"));
  }

  @ParameterizedTest
  @MethodSource("invalidLines")
  void invalidLinesNameTheField(String line, String field, String reasonFragment) {
    ParseResult result = json.read(3, line);

    assertThat(result).isInstanceOfSatisfying(ParseResult.Invalid.class, invalid -> {
      assertThat(invalid.line()).isEqualTo(3);
      assertThat(invalid.field()).isEqualTo(field);
      assertThat(invalid.reason()).containsIgnoringCase(reasonFragment);
    });
  }

  static Stream<Arguments> invalidBodies() {
    String statement = new AuditEventJson().write(Events.builder(Events.CONTEXT).append(Events.extendedStatement()));
    return Stream.of(
        Arguments.of(statement.replace("\"protocol\":\"extended\"", "\"protocol\":\"smoke\""), "protocol"),
        Arguments.of(statement.replace("\"value\":\"AAH+/w==\"", "\"value\":\"not base64!\""), "parameters[1].value"),
        Arguments.of(statement.replace("\"value\":\"AAH+/w==\"", "\"value\":\"AAH+\""), "parameters[1].original_length"),
        Arguments.of(statement.replace("\"format\":\"binary\"", "\"format\":\"hex\""), "parameters[1].format"),
        Arguments.of(statement.replace("\"format\":\"binary\",", "\"format\":\"binary\",\"oid\":17,"),
            "parameters[1].oid"),
        Arguments.of(statement.replace("\"truncated\":false,\"value\":null", "\"truncated\":true,\"value\":null"),
            "parameters[2].truncated"),
        Arguments.of(statement.replace("\"statement_id\":2", "\"statement_id\":0"), "statement_id"),
        Arguments.of(statement.replace("\"statement_name\":\"S_1\"", "\"statement_name\":null"), "statement_name"),
        Arguments.of(statement.replace("\"function_oid\":null", "\"function_oid\":12"), "function_oid"),
        Arguments.of(statement.replace("\"parameters\":[", "\"parameters\":[7,"), "parameters[0]"),
        Arguments.of(statement.replace("\"type\":\"statement\"", "\"type\":\"admin.x\""), "action"));
  }

  @ParameterizedTest
  @MethodSource("invalidBodies")
  void invalidBodyFieldsAreNamed(String line, String field) {
    assertThat(json.read(line)).isInstanceOfSatisfying(ParseResult.Invalid.class,
        invalid -> assertThat(invalid.field()).isEqualTo(field));
  }

  @Test
  void readLinesNumbersLinesAndReportsEachBadOne() {
    List<AuditEvent> session = Events.session();
    String ndjson = json.write(session.get(0)) + "\n" + "{oops\n\n" + json.write(session.get(1)) + "\r\n"
        + json.write(session.get(2)).replace("\"v\":1", "\"v\":9") + "\n";

    List<ParseResult> results = json.readLines(ndjson);

    assertThat(results).hasSize(4);
    assertThat(results.get(0)).isEqualTo(new ParseResult.Ok(1, session.get(0)));
    assertThat(results.get(1)).isInstanceOfSatisfying(ParseResult.Invalid.class,
        i -> assertThat(i.line()).isEqualTo(2));
    assertThat(results.get(2)).isEqualTo(new ParseResult.Ok(4, session.get(1)));
    assertThat(results.get(3)).isEqualTo(new ParseResult.Invalid(5, "v", "unsupported version 9, this reader knows 1"));
  }

  @Test
  void syntaxErrorsDoNotQuoteTheInput() {
    ParseResult result = json.read("{\"sql\": secret-token-123}");

    assertThat(result).isInstanceOfSatisfying(ParseResult.Invalid.class, invalid -> {
      assertThat(invalid.field()).isEqualTo("$");
      assertThat(invalid.reason()).startsWith("not valid JSON at column").doesNotContain("secret");
    });
  }

  @Test
  void anExtensionCannotShadowABodyField() {
    AuditEvent event = new AuditEvent(Events.builder(Events.CONTEXT).append(new Copy(1, CopyDirection.IN, 1, 1L))
        .envelope(), new Copy(1, CopyDirection.IN, 1, 1L), Map.of("rows", "5"));

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> json.write(event))
        .isInstanceOfSatisfying(EventFieldException.class, e -> assertThat(e.field()).isEqualTo("rows"));
  }

  @Test
  void parameterToStringHidesTheValue() {
    assertThat(Parameter.ofText("hunter2".getBytes(StandardCharsets.UTF_8), 100).toString())
        .doesNotContain("hunter2").contains("7 chars");
  }

  @Test
  void nullAndGarbageNeverThrow() {
    assertThat(json.read(null)).isInstanceOf(ParseResult.Invalid.class);
    assertThat(json.read("{\"v\":1}")).isEqualTo(new ParseResult.Invalid(1, "type", "is missing"));
    assertThat(json.read("\"just a string\"")).isInstanceOf(ParseResult.Invalid.class);
    assertThat(json.read("{".repeat(5000))).isInstanceOf(ParseResult.Invalid.class);
    assertThat(json.readLines((String) null)).isEmpty();
  }

  /** The copy event of {@link #writesCanonicalFormKeysSortedNoWhitespace} with one piece replaced. */
  private static String edit(String from, String to) {
    String line = new AuditEventJson().write(
        Events.builder(Events.CONTEXT).append(new Copy(1, CopyDirection.OUT, 5, null)));
    assertThat(line).contains(from);
    return line.replace(from, to);
  }

  private static String canonicalOf(String json) throws Exception {
    return CanonicalJson.write(CanonicalJson.parse(json));
  }

  private static String sha256Hex(String text) throws Exception {
    return java.util.HexFormat.of().formatHex(
        java.security.MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
  }
}
