package dev.jitgate.proxy.audit.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jitgate.audit.event.AuditEvent;
import dev.jitgate.audit.event.AuditEventJson;
import dev.jitgate.audit.event.ChainVerifier;
import dev.jitgate.audit.event.Copy;
import dev.jitgate.audit.event.CopyDirection;
import dev.jitgate.audit.event.EndReason;
import dev.jitgate.audit.event.Parameter;
import dev.jitgate.audit.event.ParameterFormat;
import dev.jitgate.audit.event.Protocol;
import dev.jitgate.audit.event.SessionEnd;
import dev.jitgate.audit.event.SessionReject;
import dev.jitgate.audit.event.SessionStart;
import dev.jitgate.audit.event.Statement;
import dev.jitgate.audit.event.StatementDone;
import dev.jitgate.proxy.audit.AuditSettings;
import dev.jitgate.proxy.audit.emit.TrackerConfig;
import dev.jitgate.proxy.audit.spool.FsyncPolicy;
import dev.jitgate.proxy.audit.spool.SpoolConfig;
import dev.jitgate.proxy.testing.PgClientTools;
import dev.jitgate.proxy.testing.PostgresExtension;
import dev.jitgate.proxy.testing.SpoolEvents;
import dev.jitgate.proxy.testing.TestPostgres;
import dev.jitgate.proxy.testing.TestProxy;
import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.PGConnection;
import org.postgresql.largeobject.LargeObject;
import org.postgresql.largeobject.LargeObjectManager;

/**
 * Audit emission end to end: real clients (pgjdbc, psql, pgbench) through a real proxy to a real PostgreSQL,
 * then the proxy's spool read back. Every statement appears exactly once, in order, with its result, and each
 * session's hash chain verifies.
 */
@ExtendWith(PostgresExtension.class)
class AuditEmissionIT {

  private static TestPostgres pg;
  private final AuditEventJson json = new AuditEventJson();

  @BeforeAll
  static void setUp(TestPostgres postgres) {
    pg = postgres;
  }

  /** A proxy auditing into a fresh spool; the session work runs, the proxy stops, the events are returned. */
  private List<AuditEvent> audited(boolean failClosed, SessionWork work) throws Exception {
    Path spool = Files.createDirectories(Path.of("target", "audit-it", UUID.randomUUID().toString()));
    AuditSettings settings = new AuditSettings(failClosed,
        SpoolConfig.defaults(spool, new FsyncPolicy.Never()), null, TrackerConfig.DEFAULTS);
    TestProxy proxy = TestProxy.start(pg, UnaryOperator.identity(), settings);
    try {
      work.run(proxy);
    } finally {
      proxy.close();
    }
    List<AuditEvent> events = SpoolEvents.readAll(spool);
    for (var session : SpoolEvents.bySession(events).entrySet()) {
      assertThat(new ChainVerifier(json).verify(session.getValue())).as("chain of " + session.getKey()).isEmpty();
    }
    return events;
  }

  @FunctionalInterface
  interface SessionWork {
    void run(TestProxy proxy) throws Exception;
  }

  private static Connection connect(TestProxy proxy, String extra) throws SQLException {
    Properties props = new Properties();
    props.setProperty("user", TestProxy.USER);
    props.setProperty("password", proxy.password());
    return DriverManager.getConnection(proxy.jdbcUrl(extra), props);
  }

  private static <T> List<T> bodies(List<AuditEvent> events, Class<T> type) {
    List<T> out = new ArrayList<>();
    for (AuditEvent e : events) {
      if (type.isInstance(e.body())) {
        out.add(type.cast(e.body()));
      }
    }
    return out;
  }

  private static StatementDone doneOf(List<AuditEvent> session, long statementId) {
    List<StatementDone> done = bodies(session, StatementDone.class).stream()
        .filter(d -> d.statementId() == statementId).toList();
    assertThat(done).as("statement.done of statement " + statementId).hasSize(1);
    return done.getFirst();
  }

  private static List<AuditEvent> onlySession(List<AuditEvent> events) {
    Map<String, List<AuditEvent>> sessions = SpoolEvents.bySession(events);
    assertThat(sessions).hasSize(1);
    return sessions.values().iterator().next();
  }

  @Test
  void simpleQueriesEveryStatementOfAMultiStatementStringInOrderWithResults() throws Exception {
    List<AuditEvent> events = audited(false, proxy -> {
      try (Connection c = connect(proxy, "preferQueryMode=simple");
          var st = c.createStatement()) {
        st.execute("SELECT 1 AS audit_a; SELECT 2 AS audit_b; SELECT generate_series(1, 3) AS audit_c");
        assertThatThrownBy(() -> st.execute("SELECT 1/0 AS audit_fail; SELECT 'never' AS audit_skipped"))
            .isInstanceOf(SQLException.class);
      }
    });
    List<AuditEvent> session = onlySession(events);
    assertThat(session.getFirst().body()).isInstanceOf(SessionStart.class);
    assertThat(session.getLast().body()).isInstanceOf(SessionEnd.class);
    assertThat(session.getFirst().envelope().principal()).isEqualTo(TestProxy.USER);
    assertThat(session.getFirst().envelope().dbRole()).isEqualTo(pg.appUser().user());
    assertThat(session.getFirst().envelope().database()).isEqualTo(TestPostgres.APP_DATABASE);

    List<Statement> all = bodies(session, Statement.class);
    List<Statement> statements = all.stream().filter(s -> s.sql().contains("audit_")).toList();
    assertThat(statements).extracting(Statement::sql).containsExactly(
        "SELECT 1 AS audit_a", "SELECT 2 AS audit_b", "SELECT generate_series(1, 3) AS audit_c",
        "SELECT 1/0 AS audit_fail", "SELECT 'never' AS audit_skipped");
    assertThat(statements).allSatisfy(s -> assertThat(s.protocol()).isEqualTo(Protocol.SIMPLE));
    long first = statements.getFirst().statementId();
    assertThat(statements).extracting(Statement::statementId)
        .containsExactly(first, first + 1, first + 2, first + 3, first + 4);
    assertThat(doneOf(session, first).commandTag()).isEqualTo("SELECT 1");
    assertThat(doneOf(session, first + 2).rows()).isEqualTo(3L);
    StatementDone failed = doneOf(session, first + 3);
    assertThat(failed.sqlstate()).isEqualTo("22012");
    assertThat(failed.error()).contains("division by zero");
    assertThat(bodies(session, StatementDone.class)).noneMatch(d -> d.statementId() == first + 4);
    SessionEnd end = (SessionEnd) session.getLast().body();
    assertThat(end.statements()).isEqualTo(all.size());
    assertThat(end.reason()).isEqualTo(EndReason.CLIENT_CLOSED);
    assertThat(end.bytesIn()).isPositive();
    assertThat(end.bytesOut()).isPositive();
  }

  @Test
  void extendedProtocolTiesEachExecutionToItsSqlAndParametersAcrossPrepareThresholdSwitching() throws Exception {
    byte[] blob = {0, 1, 2, (byte) 0xff};
    List<AuditEvent> events = audited(false, proxy -> {
      try (Connection c = connect(proxy, "prepareThreshold=2");
          PreparedStatement ps = c.prepareStatement("SELECT ?::int + 1 AS audit_ext, ?::text, ?::bytea")) {
        for (int i = 0; i < 4; i++) {
          ps.setInt(1, i);
          if (i == 1) {
            ps.setNull(2, Types.VARCHAR);
          } else {
            ps.setString(2, "v" + i);
          }
          ps.setBytes(3, blob);
          try (ResultSet rs = ps.executeQuery()) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isEqualTo(i + 1);
          }
        }
      }
    });
    List<AuditEvent> session = onlySession(events);
    List<Statement> statements = bodies(session, Statement.class).stream()
        .filter(s -> s.sql() != null && s.sql().contains("audit_ext")).toList();
    assertThat(statements).hasSize(4);
    for (int i = 0; i < 4; i++) {
      Statement s = statements.get(i);
      assertThat(s.protocol()).isEqualTo(Protocol.EXTENDED);
      assertThat(s.sql()).isEqualTo("SELECT $1::int + 1 AS audit_ext, $2::text, $3::bytea");
      List<Parameter> p = s.parameters();
      assertThat(p).hasSize(3);
      assertThat(decode(p.get(0))).isEqualTo(String.valueOf(i));
      if (i == 1) {
        assertThat(p.get(1).value()).isNull();
      } else {
        assertThat(p.get(1).value()).isEqualTo("v" + i);
      }
      assertThat(p.get(2).format()).isEqualTo(ParameterFormat.BINARY);
      assertThat(Base64.getDecoder().decode(p.get(2).value())).isEqualTo(blob);
      StatementDone done = doneOf(session, s.statementId());
      assertThat(done.commandTag()).isEqualTo("SELECT 1");
      assertThat(done.rows()).isEqualTo(1L);
    }
    // from the second threshold on, pgjdbc uses a named server-side statement
    assertThat(statements.getLast().statementName()).isNotEmpty();
    assertThat(statements.getFirst().statementName()).isEmpty();
  }

  /** An int parameter may travel as text or as binary int4, depending on the driver's choice. */
  private static String decode(Parameter p) {
    if (p.format() == ParameterFormat.TEXT) {
      return p.value();
    }
    byte[] raw = Base64.getDecoder().decode(p.value());
    return String.valueOf(java.nio.ByteBuffer.wrap(raw).getInt());
  }

  @Test
  void fastPathFunctionCallsOfTheLargeObjectApiAreStatementsWithTheirArgumentsAndResults() throws Exception {
    byte[] content = "large object through the fast path".getBytes(StandardCharsets.UTF_8);
    byte[] huge = new byte[2 * 1024 * 1024];
    new java.util.Random(7).nextBytes(huge);
    long[] oid = new long[1];
    long[] functionOids = new long[2];
    List<AuditEvent> events = audited(false, proxy -> {
      try (Connection c = connect(proxy, "")) {
        c.setAutoCommit(false);
        try (ResultSet rs = c.createStatement().executeQuery(
            "SELECT 'lowrite'::regproc::oid, 'lo_open'::regproc::oid")) {
          assertThat(rs.next()).isTrue();
          functionOids[0] = rs.getLong(1);
          functionOids[1] = rs.getLong(2);
        }
        // pgjdbc's large-object API calls lo_creat, lo_open, lowrite, lo_close ... as FunctionCall messages
        LargeObjectManager lom = c.unwrap(PGConnection.class).getLargeObjectAPI();
        oid[0] = lom.createLO(LargeObjectManager.READWRITE);
        try (LargeObject lo = lom.open(oid[0], LargeObjectManager.WRITE)) {
          lo.write(content);
          lo.write(huge); // one lowrite over the relay's capture limit
        }
        try (LargeObject lo = lom.open(oid[0], LargeObjectManager.READ)) {
          assertThat(lo.read(content.length)).isEqualTo(content);
        }
        c.commit();
        lom.delete(oid[0]);
        c.commit();
      }
    });
    List<AuditEvent> session = onlySession(events);
    List<Statement> calls = bodies(session, Statement.class).stream()
        .filter(s -> s.protocol() == Protocol.FUNCTION_CALL).toList();
    assertThat(calls).isNotEmpty();
    for (Statement call : calls) {
      assertThat(call.sql()).isNull();
      assertThat(call.functionOid()).isNotNull().isPositive();
      StatementDone done = doneOf(session, call.statementId());
      assertThat(done.sqlstate()).isNull();
      assertThat(done.commandTag()).isEqualTo("FUNCTION CALL");
    }
    // lowrite(fd, bytes) carries the written bytes as its second, binary argument
    List<Statement> writes = calls.stream().filter(s -> s.functionOid() == functionOids[0]).toList();
    assertThat(writes).hasSize(2);
    Parameter data = writes.getFirst().parameters().get(1);
    assertThat(data.format()).isEqualTo(ParameterFormat.BINARY);
    assertThat(Base64.getDecoder().decode(data.value())).isEqualTo(content);
    // the call too large to capture is still a statement: its data is marked cut with its size on the wire
    Parameter cut = writes.getLast().parameters().get(1);
    assertThat(cut.truncated()).isTrue();
    assertThat(cut.originalLength()).isEqualTo(huge.length);
    // lo_open(oid, mode) twice, the first with the large object's oid as a binary int4
    List<Statement> opens = calls.stream().filter(s -> s.functionOid() == functionOids[1]).toList();
    assertThat(opens).hasSize(2);
    byte[] openedOid = Base64.getDecoder().decode(opens.getFirst().parameters().getFirst().value());
    assertThat(Integer.toUnsignedLong(java.nio.ByteBuffer.wrap(openedOid).getInt())).isEqualTo(oid[0]);
    // every call appears once, in the order of the session, before its result
    assertThat(calls.stream().map(Statement::statementId).toList()).isSorted().doesNotHaveDuplicates();
  }

  @Test
  void copyInAndOutAreReportedWithDirectionBytesAndRows() throws Exception {
    List<AuditEvent> events = audited(false, proxy -> {
      try (Connection c = connect(proxy, "")) {
        c.createStatement().execute("CREATE TEMP TABLE audit_copy (x int)");
        var copy = c.unwrap(PGConnection.class).getCopyAPI();
        long in = copy.copyIn("COPY audit_copy FROM STDIN", new StringReader("1\n2\n3\n"));
        assertThat(in).isEqualTo(3);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long rows = copy.copyOut("COPY (SELECT generate_series(1, 100)) TO STDOUT", out);
        assertThat(rows).isEqualTo(100);
      }
    });
    List<AuditEvent> session = onlySession(events);
    List<Copy> copies = bodies(session, Copy.class);
    assertThat(copies).hasSize(2);
    assertThat(copies.get(0).direction()).isEqualTo(CopyDirection.IN);
    assertThat(copies.get(0).rows()).isEqualTo(3L);
    assertThat(copies.get(0).bytes()).isEqualTo("1\n2\n3\n".length());
    assertThat(copies.get(1).direction()).isEqualTo(CopyDirection.OUT);
    assertThat(copies.get(1).rows()).isEqualTo(100L);
    long expectedOut = 0;
    for (int i = 1; i <= 100; i++) {
      expectedOut += String.valueOf(i).length() + 1;
    }
    assertThat(copies.get(1).bytes()).isEqualTo(expectedOut);
  }

  @Test
  void psqlStatementsArePasswordRedactedAndFailuresCarryTheirSqlstate() throws Exception {
    String secret = "s3cret-" + UUID.randomUUID();
    List<AuditEvent> events = audited(false, proxy -> {
      PgClientTools.Result r = PgClientTools.run("psql", PgClientTools.libpqEnv(proxy),
          List.of("-X", "-At", "-c", "SELECT 42 AS audit_psql", "-c",
              "CREATE ROLE audit_redact LOGIN PASSWORD '" + secret + "'"), 60);
      assertThat(r.stdout()).contains("42");
      assertThat(r.exitCode()).isNotZero(); // app_user may not create roles
    });
    for (AuditEvent e : events) {
      assertThat(json.write(e)).doesNotContain(secret);
    }
    List<AuditEvent> session = onlySession(events);
    List<Statement> statements = bodies(session, Statement.class);
    assertThat(statements).extracting(Statement::sql)
        .contains("SELECT 42 AS audit_psql")
        .anySatisfy(sql -> assertThat(sql).startsWith("CREATE ROLE audit_redact LOGIN PASSWORD"));
    Statement create = statements.stream().filter(s -> s.sql().startsWith("CREATE ROLE")).findFirst().orElseThrow();
    assertThat(doneOf(session, create.statementId()).sqlstate()).isEqualTo("42501");
    SessionStart start = (SessionStart) session.getFirst().body();
    assertThat(start.applicationName()).isEqualTo("psql");
    assertThat(start.tlsVersion()).startsWith("TLS");
  }

  @Test
  void pgbenchPreparedTransactionsYieldOneStatementEachWithTheirParameters() throws Exception {
    Path script = Files.createTempFile(Path.of("target"), "audit-bench", ".sql");
    Files.writeString(script, "\\set x random(1, 1000)\nSELECT :x AS audit_bench;\n");
    List<AuditEvent> events = audited(false, proxy -> {
      PgClientTools.Result r = PgClientTools.run("pgbench", PgClientTools.libpqEnv(proxy),
          List.of("-n", "-M", "prepared", "-t", "7", "-c", "2", "-f", script.toString()), 120);
      assertThat(r.exitCode()).as(r.stderr()).isZero();
    });
    int executions = 0;
    for (List<AuditEvent> session : SpoolEvents.bySession(events).values()) {
      for (Statement s : bodies(session, Statement.class)) {
        if (s.sql() != null && s.sql().contains("audit_bench")) {
          executions++;
          assertThat(s.sql()).isEqualTo("SELECT $1 AS audit_bench;"); // as pgbench sends it
          assertThat(Integer.parseInt(s.parameters().getFirst().value())).isBetween(1, 1000);
          assertThat(doneOf(session, s.statementId()).rows()).isEqualTo(1L);
        }
      }
    }
    assertThat(executions).isEqualTo(14);
  }

  @Test
  void aRefusedLoginIsRecordedAsSessionReject() throws Exception {
    List<AuditEvent> events = audited(false, proxy -> {
      Properties props = new Properties();
      props.setProperty("user", TestProxy.USER);
      props.setProperty("password", "wrong");
      assertThatThrownBy(() -> DriverManager.getConnection(proxy.jdbcUrl(""), props))
          .isInstanceOf(SQLException.class);
    });
    assertThat(events).hasSize(1);
    SessionReject reject = (SessionReject) events.getFirst().body();
    assertThat(reject.sqlstate()).isEqualTo("28P01");
    assertThat(reject.requestedUser()).isEqualTo(TestProxy.USER);
    assertThat(events.getFirst().envelope().principal()).isNull();
    assertThat(json.write(events.getFirst())).doesNotContain("wrong");
  }

  @Test
  void failClosedModeForwardsStatementsOnceDurable() throws Exception {
    List<AuditEvent> events = audited(true, proxy -> {
      try (Connection c = connect(proxy, "")) {
        for (int i = 0; i < 20; i++) {
          try (ResultSet rs = c.createStatement().executeQuery("SELECT " + i + " AS audit_closed")) {
            assertThat(rs.next()).isTrue();
          }
        }
      }
    });
    List<Statement> statements = bodies(onlySession(events), Statement.class);
    assertThat(statements).filteredOn(s -> s.sql().contains("audit_closed")).hasSize(20);
  }

  @Test
  void aFullSpoolRefusesStatementsWithAClearErrorAndLosesNoEvent() throws Exception {
    Path spool = Files.createDirectories(Path.of("target", "audit-it", UUID.randomUUID().toString()));
    int maxRecord = 16 * 1024;
    long segment = maxRecord + 64;
    AuditSettings settings = new AuditSettings(false,
        new SpoolConfig(spool, segment, segment, new FsyncPolicy.Never(), maxRecord), null, TrackerConfig.DEFAULTS);
    TestProxy proxy = TestProxy.start(pg, UnaryOperator.identity(), settings);
    List<Integer> answered = new ArrayList<>();
    SQLException refusal = null;
    try (Connection c = connect(proxy, "preferQueryMode=simple")) {
      for (int i = 0; i < 10_000 && refusal == null; i++) {
        try (ResultSet rs = c.createStatement().executeQuery("SELECT " + i + " AS audit_full")) {
          rs.next();
          answered.add(i);
        } catch (SQLException e) {
          refusal = e;
        }
      }
    }
    assertThat((Throwable) refusal).as("the spool filled up").isNotNull();
    assertThat(refusal.getSQLState()).isEqualTo("53000");
    assertThat(refusal.getMessage()).contains("audit");
    // a new session cannot start either
    assertThatThrownBy(() -> connect(proxy, "").close())
        .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("53000"));
    assertThat(proxy.registry().get("jitgate.audit.append.failures").tag("reason", "full").counter().count())
        .isPositive();
    proxy.close();
    List<String> spooled = SpoolEvents.readAll(spool).stream()
        .filter(e -> e.body() instanceof Statement).map(e -> ((Statement) e.body()).sql()).toList();
    for (int i : answered) {
      assertThat(spooled).contains("SELECT " + i + " AS audit_full");
    }
    Path segmentFile;
    try (var files = Files.list(spool)) {
      segmentFile = files.filter(p -> p.toString().endsWith(".seg")).findFirst().orElseThrow();
    }
    String raw = new String(Files.readAllBytes(segmentFile), StandardCharsets.UTF_8);
    assertThat(raw.contains("audit_full")).isTrue();
  }
}
