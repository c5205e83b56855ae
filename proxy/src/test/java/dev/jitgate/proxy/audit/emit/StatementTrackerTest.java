package dev.jitgate.proxy.audit.emit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jitgate.audit.event.Copy;
import dev.jitgate.audit.event.CopyDirection;
import dev.jitgate.audit.event.EventBody;
import dev.jitgate.audit.event.Parameter;
import dev.jitgate.audit.event.ParameterFormat;
import dev.jitgate.audit.event.Statement;
import dev.jitgate.audit.event.StatementDone;
import dev.jitgate.pg.Bytes;
import dev.jitgate.pg.SqlState;
import dev.jitgate.pg.backend.BindComplete;
import dev.jitgate.pg.backend.CommandComplete;
import dev.jitgate.pg.backend.CopyInResponse;
import dev.jitgate.pg.backend.CopyOutResponse;
import dev.jitgate.pg.backend.DataRow;
import dev.jitgate.pg.backend.EmptyQueryResponse;
import dev.jitgate.pg.backend.ErrorFields;
import dev.jitgate.pg.backend.ErrorResponse;
import dev.jitgate.pg.backend.FunctionCallResponse;
import dev.jitgate.pg.backend.ParseComplete;
import dev.jitgate.pg.backend.PortalSuspended;
import dev.jitgate.pg.backend.ReadyForQuery;
import dev.jitgate.pg.frontend.Bind;
import dev.jitgate.pg.frontend.Close;
import dev.jitgate.pg.frontend.CopyData;
import dev.jitgate.pg.frontend.CopyDone;
import dev.jitgate.pg.frontend.CopyFail;
import dev.jitgate.pg.frontend.Execute;
import dev.jitgate.pg.frontend.FunctionCall;
import dev.jitgate.pg.frontend.Parse;
import dev.jitgate.pg.frontend.Query;
import dev.jitgate.pg.frontend.Sync;
import dev.jitgate.pg.frontend.Target;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StatementTrackerTest {

  private static final TrackerConfig CONFIG = new TrackerConfig(1000, 8, 1000, 16, 16);
  private static final ReadyForQuery IDLE = ReadyForQuery.IDLE;

  private final List<EventBody> bodies = new ArrayList<>();
  private StatementTracker tracker = new StatementTracker(CONFIG, bodies::add);

  @Test
  void multiStatementQueryFailingInTheMiddleSkipsTheRest() {
    tracker.onFrontend(new Query("INSERT INTO t VALUES (1); UPDATE t SET a = 1 WHERE false;\n"
        + "SELECT 1/0; SELECT 2"), 0);
    tracker.onBackend(new CommandComplete("INSERT 0 1"), 5_000);
    tracker.onBackend(new CommandComplete("UPDATE 0"), 12_000);
    tracker.onBackend(ErrorResponse.error(new SqlState("22012"), "division by zero"), 20_000);
    tracker.onBackend(IDLE, 21_000);

    assertThat(bodies).containsExactly(
        Statement.simple(1, "INSERT INTO t VALUES (1)"),
        Statement.simple(2, "UPDATE t SET a = 1 WHERE false"),
        Statement.simple(3, "SELECT 1/0"),
        Statement.simple(4, "SELECT 2"),
        StatementDone.ok(1, "INSERT 0 1", 1L, 5),
        StatementDone.ok(2, "UPDATE 0", 0L, 7),
        StatementDone.failed(3, 8, "22012", "division by zero"));
    assertThat(tracker.skippedStatements()).isEqualTo(1);
    assertThat(tracker.anomalies()).isZero();
    assertThat(tracker.pendingCount()).isZero();

    tracker.onFrontend(new Query("SELECT 3"), 30_000);
    tracker.onBackend(new CommandComplete("SELECT 1"), 31_000);
    assertThat(bodies.subList(7, bodies.size()))
        .containsExactly(Statement.simple(5, "SELECT 3"), StatementDone.ok(5, "SELECT 1", 1L, 1));
  }

  @Test
  void preparedStatementReusedWithTextBinaryNullAndCappedParameters() {
    String sql = "UPDATE orders SET note = $1, blob = $2 WHERE id = $3 AND coupon = $4";
    tracker.onFrontend(new Parse("S_1", sql, List.of()), 0);
    tracker.onFrontend(new Bind("", "S_1", List.of(0, 1, 0, 0),
        Arrays.asList(utf8("gift"), new byte[] {(byte) 0xde, (byte) 0xad, (byte) 0xbe, (byte) 0xef}, utf8("1234"), null),
        List.of()), 0);
    tracker.onFrontend(new Execute("", 0), 1_000);
    tracker.onFrontend(new Bind("", "S_1", List.of(1),
        Arrays.asList(new byte[10], null, new byte[] {1}, new byte[] {2}), List.of()), 2_000);
    tracker.onFrontend(new Execute("", 0), 3_000);
    tracker.onFrontend(new Bind("", "S_1", List.of(),
        Arrays.asList(utf8("0123456789abc"), utf8("x"), utf8("héé"), null), List.of()), 2_000);
    tracker.onFrontend(new Execute("", 0), 4_000);
    tracker.onFrontend(Sync.INSTANCE, 4_000);
    tracker.onBackend(new ParseComplete(), 5_000);
    tracker.onBackend(new BindComplete(), 5_000);
    tracker.onBackend(new CommandComplete("UPDATE 1"), 6_000);
    tracker.onBackend(new CommandComplete("UPDATE 0"), 9_000);
    tracker.onBackend(new CommandComplete("UPDATE 2"), 10_000);
    tracker.onBackend(IDLE, 10_000);

    Parameter nullText = Parameter.ofNull(ParameterFormat.TEXT);
    assertThat(bodies).containsExactly(
        Statement.extended(1, sql, "S_1", "", List.of(
            new Parameter(ParameterFormat.TEXT, "gift", false, 4L),
            new Parameter(ParameterFormat.BINARY, "3q2+7w==", false, 4L),
            new Parameter(ParameterFormat.TEXT, "1234", false, 4L),
            nullText)),
        Statement.extended(2, sql, "S_1", "", List.of(
            new Parameter(ParameterFormat.BINARY, "AAAAAAAAAAA=", true, 10L),
            Parameter.ofNull(ParameterFormat.BINARY),
            new Parameter(ParameterFormat.BINARY, "AQ==", false, 1L),
            new Parameter(ParameterFormat.BINARY, "Ag==", false, 1L))),
        Statement.extended(3, sql, "S_1", "", List.of(
            new Parameter(ParameterFormat.TEXT, "01234567", true, 13L),
            new Parameter(ParameterFormat.TEXT, "x", false, 1L),
            new Parameter(ParameterFormat.TEXT, "héé", false, 5L),
            nullText)),
        StatementDone.ok(1, "UPDATE 1", 1L, 5),
        StatementDone.ok(2, "UPDATE 0", 0L, 3),
        StatementDone.ok(3, "UPDATE 2", 2L, 1));
    assertThat(tracker.anomalies()).isZero();
    assertThat(tracker.pendingCount()).isZero();
  }

  @Test
  void unnamedStatementIsReplacedByTheNextParse() {
    tracker.onFrontend(new Parse("", "SELECT 1", List.of()), 0);
    tracker.onFrontend(new Bind("", "", List.of(), List.of(), List.of()), 0);
    tracker.onFrontend(new Execute("", 0), 0);
    tracker.onFrontend(new Parse("", "SELECT 2", List.of()), 0);
    tracker.onFrontend(new Bind("", "", List.of(), List.of(), List.of()), 0);
    tracker.onFrontend(new Execute("", 0), 0);

    assertThat(bodies).containsExactly(
        Statement.extended(1, "SELECT 1", "", "", List.of()),
        Statement.extended(2, "SELECT 2", "", "", List.of()));
  }

  @Test
  void closeForgetsPortalsAndStatementsWithTheirPortals() {
    tracker.onFrontend(new Parse("S1", "SELECT 1", List.of()), 0);
    tracker.onFrontend(new Bind("P1", "S1", List.of(), List.of(), List.of()), 0);
    tracker.onFrontend(new Bind("P2", "S1", List.of(), List.of(), List.of()), 0);
    tracker.onFrontend(new Close(Target.PORTAL, "P1"), 0);
    tracker.onFrontend(new Execute("P1", 0), 0);
    tracker.onFrontend(new Execute("P2", 0), 0);
    tracker.onFrontend(new Close(Target.STATEMENT, "S1"), 0);
    tracker.onFrontend(new Execute("P2", 0), 0);
    tracker.onFrontend(new Bind("P3", "S1", List.of(), List.of(), List.of()), 0);
    tracker.onFrontend(new Execute("P3", 0), 0);

    assertThat(bodies).containsExactly(
        Statement.extended(1, SqlCapture.UNKNOWN_SQL, "", "P1", List.of()),
        Statement.extended(2, "SELECT 1", "S1", "P2", List.of()),
        Statement.extended(3, SqlCapture.UNKNOWN_SQL, "", "P2", List.of()),
        Statement.extended(4, SqlCapture.UNKNOWN_SQL, "S1", "P3", List.of()));
    assertThat(tracker.anomalies()).isEqualTo(3); // two unknown portals, one unknown statement at Bind
  }

  @Test
  void errorInAnExtendedBatchSkipsTheExecutesUpToSync() {
    tracker.onFrontend(new Parse("", "INSERT INTO t VALUES ($1)", List.of()), 0);
    for (String v : List.of("1", "1", "2")) {
      tracker.onFrontend(new Bind("", "", List.of(), List.of(utf8(v)), List.of()), 0);
      tracker.onFrontend(new Execute("", 0), 0);
    }
    tracker.onFrontend(Sync.INSTANCE, 0);
    tracker.onFrontend(new Bind("", "", List.of(), List.of(utf8("3")), List.of()), 0);
    tracker.onFrontend(new Execute("", 0), 0);
    tracker.onFrontend(Sync.INSTANCE, 0);
    tracker.onBackend(new ParseComplete(), 1_000);
    tracker.onBackend(new BindComplete(), 1_000);
    tracker.onBackend(new CommandComplete("INSERT 0 1"), 2_000);
    tracker.onBackend(new BindComplete(), 2_000);
    tracker.onBackend(ErrorResponse.error(new SqlState("23505"), "duplicate key"), 3_000);
    tracker.onBackend(IDLE, 3_000);
    tracker.onBackend(new BindComplete(), 4_000);
    tracker.onBackend(new CommandComplete("INSERT 0 1"), 6_000);
    tracker.onBackend(IDLE, 6_000);

    assertThat(bodies.stream().filter(b -> b instanceof StatementDone)).containsExactly(
        StatementDone.ok(1, "INSERT 0 1", 1L, 2),
        StatementDone.failed(2, 1, "23505", "duplicate key"),
        StatementDone.ok(4, "INSERT 0 1", 1L, 3));
    assertThat(bodies.stream().filter(b -> b instanceof Statement)).hasSize(4);
    assertThat(tracker.skippedStatements()).isEqualTo(1);
    assertThat(tracker.anomalies()).isZero();
    assertThat(tracker.pendingCount()).isZero();
  }

  @Test
  void failedParseWithoutExecuteEmitsNothing() {
    tracker.onFrontend(new Parse("S", "SELEC 1", List.of()), 0);
    tracker.onFrontend(Sync.INSTANCE, 0);
    tracker.onBackend(ErrorResponse.error(new SqlState("42601"), "syntax error"), 1_000);
    tracker.onBackend(IDLE, 1_000);

    assertThat(bodies).isEmpty();
    assertThat(tracker.anomalies()).isZero();
    assertThat(tracker.pendingCount()).isZero();
  }

  @Test
  void portalSuspendedThenContinuedExecute() {
    tracker.onFrontend(new Parse("", "SELECT * FROM t WHERE a > $1", List.of()), 0);
    tracker.onFrontend(new Bind("c", "", List.of(), List.of(utf8("7")), List.of()), 0);
    tracker.onFrontend(new Execute("c", 2), 0);
    tracker.onFrontend(Sync.INSTANCE, 0);
    tracker.onBackend(new DataRow(List.of(utf8("8"))), 1_000);
    tracker.onBackend(new DataRow(List.of(utf8("9"))), 1_000);
    tracker.onBackend(PortalSuspended.INSTANCE, 2_000);
    tracker.onBackend(new ReadyForQuery(ReadyForQuery.TransactionStatus.IN_TRANSACTION), 2_000);
    tracker.onFrontend(new Execute("c", 2), 10_000);
    tracker.onFrontend(Sync.INSTANCE, 10_000);
    tracker.onBackend(new DataRow(List.of(utf8("10"))), 11_000);
    tracker.onBackend(new CommandComplete("SELECT 1"), 13_000);

    List<Parameter> params = List.of(new Parameter(ParameterFormat.TEXT, "7", false, 1L));
    assertThat(bodies).containsExactly(
        Statement.extended(1, "SELECT * FROM t WHERE a > $1", "", "c", params),
        StatementDone.ok(1, StatementTracker.SUSPENDED_TAG, 2L, 2),
        Statement.extended(2, "SELECT * FROM t WHERE a > $1", "", "c", params),
        StatementDone.ok(2, "SELECT 1", 1L, 3));
    assertThat(tracker.anomalies()).isZero();
  }

  @Test
  void functionCallWithArgumentsAndItsResultOrError() {
    tracker.onFrontend(new FunctionCall(1598, List.of(0), Arrays.asList(utf8("abc"), null), 0), 0);
    tracker.onBackend(new FunctionCallResponse(Bytes.of(utf8("x"))), 4_000);
    tracker.onBackend(IDLE, 4_000);
    tracker.onFrontend(new FunctionCall(-1, List.of(), List.of(), 0), 10_000);
    tracker.onBackend(ErrorResponse.error(new SqlState("42883"), "function does not exist"), 12_000);
    tracker.onBackend(IDLE, 12_000);

    assertThat(bodies).containsExactly(
        Statement.functionCall(1, 1598, List.of(
            new Parameter(ParameterFormat.TEXT, "abc", false, 3L), Parameter.ofNull(ParameterFormat.TEXT))),
        StatementDone.ok(1, StatementTracker.FUNCTION_CALL_TAG, null, 4),
        Statement.functionCall(2, 0xFFFF_FFFFL, List.of()),
        StatementDone.failed(2, 2, "42883", "function does not exist"));
    assertThat(tracker.pendingCount()).isZero();
    assertThat(tracker.anomalies()).isZero();
  }

  @Test
  void copyFromStdinCountsClientBytesAndTakesRowsFromTheTag() {
    tracker.onFrontend(new Query("COPY t FROM STDIN"), 0);
    tracker.onBackend(new CopyInResponse(0, List.of(0, 0)), 1_000);
    tracker.onFrontend(new CopyData(Bytes.of(utf8("1\ta\n2\tb\n"))), 2_000);
    tracker.onFrontend(new CopyData(Bytes.of(utf8("3\tc\n"))), 3_000);
    tracker.onBackend(new dev.jitgate.pg.backend.CopyData(Bytes.of(utf8("ignored"))), 3_000);
    tracker.onFrontend(CopyDone.INSTANCE, 4_000);
    tracker.onBackend(new CommandComplete("COPY 3"), 5_000);
    tracker.onBackend(IDLE, 5_000);

    assertThat(bodies).containsExactly(
        Statement.simple(1, "COPY t FROM STDIN"),
        new Copy(1, CopyDirection.IN, 12, 3L),
        StatementDone.ok(1, "COPY 3", 3L, 5));
    assertThat(tracker.anomalies()).isZero();
  }

  @Test
  void copyToStdoutCountsServerBytes() {
    tracker.onFrontend(new Query("COPY t TO STDOUT; SELECT 1"), 0);
    tracker.onBackend(new CopyOutResponse(0, List.of(0)), 1_000);
    tracker.onBackend(new dev.jitgate.pg.backend.CopyData(Bytes.of(utf8("a\n"))), 1_000);
    tracker.onBackend(new dev.jitgate.pg.backend.CopyData(Bytes.of(utf8("bc\n"))), 1_000);
    tracker.onBackend(dev.jitgate.pg.backend.CopyDone.INSTANCE, 1_000);
    tracker.onBackend(new CommandComplete("COPY 2"), 2_000);
    tracker.onBackend(new DataRow(List.of(utf8("1"))), 2_500);
    tracker.onBackend(new CommandComplete("SELECT 1"), 3_000);
    tracker.onBackend(IDLE, 3_000);

    assertThat(bodies).containsExactly(
        Statement.simple(1, "COPY t TO STDOUT"),
        Statement.simple(2, "SELECT 1"),
        new Copy(1, CopyDirection.OUT, 5, 2L),
        StatementDone.ok(1, "COPY 2", 2L, 2),
        StatementDone.ok(2, "SELECT 1", 1L, 1));
  }

  @Test
  void copyFailEndsTheCopyWithUnknownRows() {
    tracker.onFrontend(new Query("COPY t FROM STDIN"), 0);
    tracker.onBackend(new CopyInResponse(0, List.of(0)), 0);
    tracker.onFrontend(new CopyData(Bytes.of(utf8("1\n2\n"))), 0);
    tracker.onFrontend(new CopyFail("client gave up"), 0);
    tracker.onBackend(ErrorResponse.error(new SqlState("57014"), "COPY from stdin failed: client gave up"), 7_000);
    tracker.onBackend(IDLE, 7_000);

    assertThat(bodies).containsExactly(
        Statement.simple(1, "COPY t FROM STDIN"),
        new Copy(1, CopyDirection.IN, 4, null),
        StatementDone.failed(1, 7, "57014", "COPY from stdin failed: client gave up"));
  }

  @Test
  void rolePasswordsAreRedactedInSimpleQueryAndParse() {
    tracker.onFrontend(new Query("CREATE ROLE bob LOGIN PASSWORD 'hunter2'; SELECT 1"), 0);
    tracker.onFrontend(new Parse("", "ALTER ROLE bob PASSWORD 'hunter3'", List.of()), 0);
    tracker.onFrontend(new Bind("", "", List.of(), List.of(), List.of()), 0);
    tracker.onFrontend(new Execute("", 0), 0);

    assertThat(bodies).containsExactly(
        Statement.simple(1, "CREATE ROLE bob LOGIN PASSWORD '***'"),
        Statement.simple(2, "SELECT 1"),
        Statement.extended(3, "ALTER ROLE bob PASSWORD '***'", "", "", List.of()));
  }

  @Test
  void secretConnectionStringParametersAreMasked() {
    String conninfo = "host=db password=s3cret dbname=x";
    tracker.onFrontend(new Parse("", "SELECT dblink_connect($1, $2)", List.of()), 0);
    tracker.onFrontend(new Bind("", "", List.of(0, 1), List.of(utf8(conninfo), utf8(conninfo)), List.of()), 0);
    tracker.onFrontend(new Execute("", 0), 0);
    tracker.onFrontend(new Bind("", "", List.of(), List.of(utf8("host=db dbname=x")), List.of()), 0);
    tracker.onFrontend(new Execute("", 0), 0);

    long length = conninfo.length();
    assertThat(bodies).containsExactly(
        Statement.extended(1, "SELECT dblink_connect($1, $2)", "", "", List.of(
            new Parameter(ParameterFormat.TEXT, ParameterCapture.MASK, false, length),
            new Parameter(ParameterFormat.BINARY, "", true, length))),
        Statement.extended(2, "SELECT dblink_connect($1, $2)", "", "", List.of(
            new Parameter(ParameterFormat.TEXT, "host=db ", true, 16L))));
  }

  @Test
  void unknownPortalAndResultsWithoutStatementAreAnomaliesNotCrashes() {
    tracker.onFrontend(new Execute("nope", 0), 0);
    tracker.onFrontend(Sync.INSTANCE, 0);
    tracker.onBackend(ErrorResponse.error(new SqlState("34000"), "portal \"nope\" does not exist"), 1_000);
    tracker.onBackend(IDLE, 1_000);
    tracker.onBackend(new CommandComplete("SELECT 1"), 2_000);
    tracker.onBackend(PortalSuspended.INSTANCE, 2_000);
    tracker.onBackend(EmptyQueryResponse.INSTANCE, 2_000);
    tracker.onBackend(new FunctionCallResponse(null), 2_000);
    tracker.onBackend(ErrorResponse.error(new SqlState("XX000"), "stray"), 2_000);
    tracker.onBackend(new ReadyForQuery(ReadyForQuery.TransactionStatus.IDLE), 2_000);
    tracker.onFrontend(new CopyData(Bytes.of(utf8("x"))), 2_000);
    tracker.onBackend(ErrorResponse.fatal(SqlState.ADMIN_SHUTDOWN, "terminating connection"), 3_000);

    assertThat(bodies).containsExactly(
        Statement.extended(1, SqlCapture.UNKNOWN_SQL, "", "nope", List.of()),
        StatementDone.failed(1, 1, "34000", "portal \"nope\" does not exist"));
    assertThat(tracker.anomalies()).isEqualTo(7);
  }

  @Test
  void errorWithoutValidSqlstateIsReportedAsInternalError() {
    tracker.onFrontend(new Query("SELECT 1"), 0);
    LinkedHashMap<Character, String> fields = new LinkedHashMap<>();
    fields.put(ErrorFields.SEVERITY, "ERROR");
    tracker.onBackend(new ErrorResponse(new ErrorFields(fields)), 1_000);

    assertThat(bodies).containsExactly(
        Statement.simple(1, "SELECT 1"),
        StatementDone.failed(1, 1, StatementTracker.UNKNOWN_SQLSTATE, ""));
    assertThat(tracker.anomalies()).isEqualTo(1);
  }

  @Test
  void emptyQueriesEmitNothing() {
    tracker.onFrontend(new Query(""), 0);
    tracker.onBackend(EmptyQueryResponse.INSTANCE, 0);
    tracker.onBackend(IDLE, 0);
    tracker.onFrontend(new Query(" ; -- nothing"), 0);
    tracker.onBackend(EmptyQueryResponse.INSTANCE, 0);
    tracker.onBackend(IDLE, 0);
    tracker.onFrontend(new Parse("", "", List.of()), 0);
    tracker.onFrontend(new Bind("", "", List.of(), List.of(), List.of()), 0);
    tracker.onFrontend(new Execute("", 0), 0);
    tracker.onBackend(EmptyQueryResponse.INSTANCE, 2_000);

    assertThat(bodies).containsExactly(
        Statement.extended(1, "", "", "", List.of()),
        StatementDone.ok(1, StatementTracker.EMPTY_QUERY_TAG, null, 2));
    assertThat(tracker.anomalies()).isZero();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', nullValues = "null", value = {
      "INSERT 0 5|0|5", "SELECT 3|3|3", "UPDATE 2|0|2", "DELETE 0|0|0", "COPY 10|0|10", "MOVE 4|0|4",
      "CREATE TABLE|0|null", "SHOW|1|1", "BEGIN|0|null"})
  void rowsComeFromTheTagElseFromCountedDataRows(String tag, int dataRows, Long rows) {
    tracker.onFrontend(new Query("SELECT 1"), 0);
    for (int i = 0; i < dataRows; i++) {
      tracker.onBackend(new DataRow(List.of(utf8("v"))), 0);
    }
    tracker.onBackend(new CommandComplete(tag), 0);

    assertThat(bodies).last().isEqualTo(StatementDone.ok(1, tag, rows, 0));
  }

  @Test
  void preparedStatementAndPortalCapsEvictTheLeastRecentlyUsed() {
    tracker = new StatementTracker(new TrackerConfig(1000, 8, 1000, 2, 2), bodies::add);
    tracker.onFrontend(new Parse("S1", "SELECT 1", List.of()), 0);
    tracker.onFrontend(new Parse("S2", "SELECT 2", List.of()), 0);
    tracker.onFrontend(new Bind("P1", "S1", List.of(), List.of(), List.of()), 0); // S1 now most recent
    tracker.onFrontend(new Parse("S3", "SELECT 3", List.of()), 0); // evicts S2
    tracker.onFrontend(new Bind("P2", "S2", List.of(), List.of(), List.of()), 0);
    tracker.onFrontend(new Bind("P3", "S3", List.of(), List.of(), List.of()), 0); // evicts P1
    for (String portal : List.of("P1", "P2", "P3")) {
      tracker.onFrontend(new Execute(portal, 0), 0);
    }

    assertThat(bodies).containsExactly(
        Statement.extended(1, SqlCapture.UNKNOWN_SQL, "", "P1", List.of()),
        Statement.extended(2, SqlCapture.UNKNOWN_SQL, "S2", "P2", List.of()),
        Statement.extended(3, "SELECT 3", "S3", "P3", List.of()));
    assertThat(tracker.evictions()).isEqualTo(2);
    assertThat(tracker.anomalies()).isEqualTo(2); // Bind of S2, Execute of P1
  }

  @Test
  void sqlIsRedactedThenCutAtTheCapWithAMark() {
    tracker = new StatementTracker(new TrackerConfig(32, 8, 1000, 2, 2), bodies::add);
    String longSql = "ALTER ROLE bob PASSWORD 'a-very-long-secret' VALID UNTIL 'infinity'";
    tracker.onFrontend(new Query(longSql), 0);

    String redacted = "ALTER ROLE bob PASSWORD '***' VALID UNTIL 'infinity'";
    assertThat(bodies).containsExactly(Statement.simple(1,
        redacted.substring(0, 32) + SqlCapture.TRUNCATION_MARK + redacted.length() + " chars */"));
  }

  @Test
  void bindBudgetLimitsTheBytesKeptForAllParametersTogether() {
    tracker = new StatementTracker(new TrackerConfig(1000, 8, 10, 2, 2), bodies::add);
    tracker.onFrontend(new Parse("", "SELECT $1, $2, $3", List.of()), 0);
    tracker.onFrontend(new Bind("", "", List.of(),
        List.of(utf8("aaaaaaaa"), utf8("bbbbbbbb"), utf8("cccccccc")), List.of()), 0);
    tracker.onFrontend(new Execute("", 0), 0);

    assertThat(bodies).containsExactly(Statement.extended(1, "SELECT $1, $2, $3", "", "", List.of(
        new Parameter(ParameterFormat.TEXT, "aaaaaaaa", false, 8L),
        new Parameter(ParameterFormat.TEXT, "bb", true, 8L),
        new Parameter(ParameterFormat.TEXT, "", true, 8L))));
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
