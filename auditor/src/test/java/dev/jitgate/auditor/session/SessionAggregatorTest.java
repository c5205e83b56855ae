package dev.jitgate.auditor.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jitgate.audit.event.AuditEvent;
import dev.jitgate.audit.event.Copy;
import dev.jitgate.audit.event.CopyDirection;
import dev.jitgate.audit.event.EndReason;
import dev.jitgate.audit.event.EventBody;
import dev.jitgate.audit.event.SessionEnd;
import dev.jitgate.audit.event.SessionReject;
import dev.jitgate.audit.event.SessionStart;
import dev.jitgate.audit.event.Statement;
import dev.jitgate.audit.event.StatementDone;
import dev.jitgate.auditor.classify.AuditClass;
import dev.jitgate.auditor.classify.Classification;
import dev.jitgate.auditor.classify.ObjectKind;
import dev.jitgate.auditor.classify.ObjectRef;
import dev.jitgate.auditor.classify.StatementClassifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SessionAggregatorTest {
  private static final String SESSION = "sess-1";

  private final StatementClassifier classifier = new StatementClassifier();
  private final SessionAggregator aggregator = new SessionAggregator();

  /** Folds {@code events} into {@code start}, classifying statement SQL with the real classifier. */
  private SessionSummary fold(SessionAggregator agg, SessionSummary start, List<AuditEvent> events) {
    SessionSummary s = start;
    for (AuditEvent e : events) {
      Classification c = e.body() instanceof Statement st && st.sql() != null ? classifier.classify(st.sql()) : null;
      s = agg.apply(s, e, c);
    }
    return s;
  }

  private SessionSummary fold(List<AuditEvent> events) {
    return fold(aggregator, null, events);
  }

  private static SessionStart start() {
    return new SessionStart("10.0.0.5", 54321, "psql", "TLSv1.3", "TLS_AES_256_GCM_SHA384", "3.0",
        "scram-sha-256");
  }

  /** The full session of the brief, 21 events. */
  private static List<AuditEvent> fullSession() {
    SessionEvents ev = new SessionEvents(SESSION);
    List<EventBody> bodies = List.of(
        start(),                                                                    // seq 1
        Statement.simple(1, "SELECT * FROM public.accounts"),                        // 2  READ
        StatementDone.ok(1, "SELECT 20000", 20_000L, 900),                          // 3  read 20000, MANY_ROWS
        Statement.simple(2, "UPDATE accounts SET plan = 'pro' WHERE id = 2"),        // 4  WRITE
        StatementDone.ok(2, "UPDATE 1", 1L, 50),                                    // 5  written 1
        Statement.simple(3, "DELETE FROM audit_log"),                                // 6  WRITE, no WHERE
        StatementDone.ok(3, "DELETE 7", 7L, 60),                                    // 7  written 8
        Statement.simple(4, "SELECT * FROM secrets"),                                // 8  READ
        StatementDone.failed(4, 30, "42501", "permission denied for table secrets"), // 9 failed, 42501
        Statement.simple(5, "COPY accounts TO STDOUT"),                              // 10 READ
        new Copy(5, CopyDirection.OUT, 4096, 50L),                                  // 11 copy out 4096
        StatementDone.ok(5, "COPY 50", 50L, 70),                                    // 12 read 20050
        Statement.simple(6, "CREATE TABLE tmp_x (id int)"),                          // 13 DDL
        StatementDone.ok(6, "CREATE TABLE", null, 80),                              // 14 no rows
        Statement.simple(7, "SELECT 1"),                                             // 15 READ
        StatementDone.ok(7, "SELECT 1", 1L, 10),                                    // 16 read 20051
        Statement.simple(8, "COPY accounts FROM STDIN"),                             // 17 WRITE
        new Copy(8, CopyDirection.IN, 100, 3L),                                     // 18 copy in 100
        StatementDone.ok(8, "COPY 3", 3L, 20),                                      // 19 written 11
        Statement.simple(9, "SELECT * FROM missing"),                                // 20 READ
        StatementDone.failed(9, 5, "42P01", "relation \"missing\" does not exist"), // 21 failed, 42P01
        new SessionEnd(EndReason.CLIENT_CLOSED, 5_000, 90_000, 9, 22_000_000));     // 22
    List<AuditEvent> events = new ArrayList<>();
    bodies.forEach(b -> events.add(ev.next(b)));
    return events;
  }

  @Test
  void aFullSessionIsSummarizedFieldByField() {
    SessionSummary s = fold(fullSession());

    assertThat(s.session()).isEqualTo(SESSION);
    assertThat(s.principal()).isEqualTo("alice@example.com");
    assertThat(s.grant()).isEqualTo("grant-7");
    assertThat(s.integration()).isEqualTo("billing");
    assertThat(s.database()).isEqualTo("billing_db");
    assertThat(s.dbRole()).isEqualTo("jit_alice");
    assertThat(s.proxy()).isEqualTo("proxy-1");
    assertThat(s.clientAddress()).isEqualTo("10.0.0.5");
    assertThat(s.clientPort()).isEqualTo(54321);
    assertThat(s.applicationName()).isEqualTo("psql");
    assertThat(s.startedAt()).isEqualTo(SessionEvents.T0.plusSeconds(1));
    assertThat(s.endedAt()).isEqualTo(SessionEvents.T0.plusSeconds(22));
    assertThat(s.ended()).isTrue();
    assertThat(s.endReason()).isEqualTo(EndReason.CLIENT_CLOSED);
    assertThat(s.rejectSqlstate()).isNull();
    assertThat(s.statementsByClass()).containsExactlyInAnyOrderEntriesOf(Map.of(
        AuditClass.READ, 5L, AuditClass.WRITE, 3L, AuditClass.FUNCTION, 0L, AuditClass.ROLE, 0L,
        AuditClass.DDL, 1L, AuditClass.MISC, 0L));
    assertThat(s.statements()).isEqualTo(9);
    assertThat(s.failedStatements()).isEqualTo(2);
    assertThat(s.rowsRead()).isEqualTo(20_000 + 50 + 1);
    assertThat(s.rowsWritten()).isEqualTo(1 + 7 + 3);
    assertThat(s.bytesIn()).isEqualTo(5_000L);
    assertThat(s.bytesOut()).isEqualTo(90_000L);
    assertThat(s.copyBytesIn()).isEqualTo(100);
    assertThat(s.copyBytesOut()).isEqualTo(4096);
    assertThat(s.objects()).containsExactly(
        new ObjectRef(ObjectKind.TABLE, "public", "accounts"),
        new ObjectRef(ObjectKind.TABLE, null, "accounts"),
        new ObjectRef(ObjectKind.TABLE, null, "audit_log"),
        new ObjectRef(ObjectKind.TABLE, null, "secrets"),
        new ObjectRef(ObjectKind.TABLE, null, "tmp_x"),
        new ObjectRef(ObjectKind.TABLE, null, "missing"));
    assertThat(s.objectsTruncated()).isFalse();
    assertThat(s.errorsBySqlstate()).containsExactly(Map.entry("42501", 1L), Map.entry("42P01", 1L));
    assertThat(s.errorsTruncated()).isFalse();
    assertThat(s.flags()).containsExactlyInAnyOrder(SessionFlag.MANY_ROWS, SessionFlag.DELETE_WITHOUT_WHERE,
        SessionFlag.PERMISSION_DENIED, SessionFlag.DDL);
    assertThat(s.lastSeq()).isEqualTo(22);
    assertThat(s.pendingStatements()).isEmpty();
  }

  @Test
  void replayedEventsAreIgnored() {
    List<AuditEvent> events = fullSession();
    SessionSummary once = fold(events);

    SessionSummary twice = fold(aggregator, once, events);
    assertThat(twice).isEqualTo(once);

    SessionSummary mid = fold(events.subList(0, 12));
    SessionSummary replayedOverlap = fold(aggregator, mid, events.subList(5, events.size()));
    assertThat(replayedOverlap).isEqualTo(once);
    assertThat(replayedOverlap.statements()).isEqualTo(9);
    assertThat(replayedOverlap.rowsWritten()).isEqualTo(11);
    assertThat(replayedOverlap.copyBytesOut()).isEqualTo(4096);

    SessionSummary upToStatement = fold(events.subList(0, 2));
    SessionSummary lastAgain = fold(aggregator, upToStatement, events.subList(1, 2));
    assertThat(lastAgain).isSameAs(upToStatement);
    assertThat(lastAgain.statements()).isEqualTo(1);

    AuditEvent oldStatement = events.get(1);
    assertThat(aggregator.apply(once, oldStatement, classifier.classify("SELECT * FROM public.accounts")))
        .isSameAs(once);
  }

  @Test
  void aStatementDoneWithoutItsStatementIsTolerated() {
    SessionEvents ev = new SessionEvents(SESSION);
    SessionSummary s = fold(List.of(
        ev.next(start()),
        ev.next(StatementDone.ok(41, "SELECT 50000", 50_000L, 10)),
        ev.next(StatementDone.failed(42, 10, "42501", "permission denied for table t"))));

    assertThat(s.statements()).isZero();
    assertThat(s.rowsRead()).isZero();
    assertThat(s.rowsWritten()).isZero();
    assertThat(s.failedStatements()).isEqualTo(1);
    assertThat(s.errorsBySqlstate()).containsExactly(Map.entry("42501", 1L));
    assertThat(s.flags()).containsExactly(SessionFlag.PERMISSION_DENIED);
    assertThat(s.lastSeq()).isEqualTo(3);
  }

  @Test
  void objectsAreCappedWithATruncatedFlag() {
    SessionAggregator capped = new SessionAggregator(new AggregationLimits(10_000, 3, 50, 1_000));
    SessionEvents ev = new SessionEvents(SESSION);
    List<AuditEvent> events = new ArrayList<>();
    events.add(ev.next(start()));
    events.add(ev.next(Statement.simple(1, "SELECT * FROM a JOIN b ON a.id = b.id")));
    events.add(ev.next(Statement.simple(2, "SELECT * FROM a, c")));
    SessionSummary atCap = fold(capped, null, events);
    assertThat(atCap.objects()).extracting(ObjectRef::name).containsExactly("a", "b", "c");
    assertThat(atCap.objectsTruncated()).isFalse();

    SessionSummary over = fold(capped, atCap, List.of(ev.next(Statement.simple(3, "SELECT * FROM d, a"))));
    assertThat(over.objects()).extracting(ObjectRef::name).containsExactly("a", "b", "c");
    assertThat(over.objectsTruncated()).isTrue();
  }

  @Test
  void aSessionWithoutSessionEndHasNoEndedTime() {
    SessionEvents ev = new SessionEvents(SESSION);
    SessionSummary s = fold(List.of(
        ev.next(start()),
        ev.next(Statement.simple(1, "SELECT * FROM t")),
        ev.next(new Copy(1, CopyDirection.OUT, 10, 1L))));

    assertThat(s.endedAt()).isNull();
    assertThat(s.ended()).isFalse();
    assertThat(s.endReason()).isNull();
    assertThat(s.bytesIn()).isNull();
    assertThat(s.bytesOut()).isNull();
    assertThat(s.copyBytesOut()).isEqualTo(10);
    assertThat(s.startedAt()).isEqualTo(SessionEvents.T0.plusSeconds(1));
    assertThat(s.pendingStatements()).containsOnlyKeys(1L);
  }

  @Test
  void manyRowsNeedsAReadAtTheConfigurableThreshold() {
    SessionAggregator agg = new SessionAggregator(new AggregationLimits(100, 200, 50, 1_000));
    SessionEvents ev = new SessionEvents(SESSION);
    SessionSummary below = fold(agg, null, List.of(
        ev.next(Statement.simple(1, "SELECT * FROM t")),
        ev.next(StatementDone.ok(1, "SELECT 99", 99L, 1)),
        ev.next(Statement.simple(2, "DELETE FROM t WHERE id > 0")),
        ev.next(StatementDone.ok(2, "DELETE 5000", 5_000L, 1))));
    assertThat(below.flags()).doesNotContain(SessionFlag.MANY_ROWS);
    assertThat(below.rowsRead()).isEqualTo(99);
    assertThat(below.rowsWritten()).isEqualTo(5_000);

    SessionSummary at = fold(agg, below, List.of(
        ev.next(Statement.simple(3, "SELECT * FROM t")),
        ev.next(StatementDone.ok(3, "SELECT 100", 100L, 1))));
    assertThat(at.flags()).contains(SessionFlag.MANY_ROWS);
    assertThat(new AggregationLimits(1, 0, 0, 1).manyRowsThreshold()).isEqualTo(1);
    assertThat(AggregationLimits.defaults().manyRowsThreshold()).isEqualTo(10_000);
  }

  @Test
  void errorCodesAreCappedButEveryFailureCounts() {
    SessionAggregator agg = new SessionAggregator(new AggregationLimits(10_000, 200, 1, 1_000));
    SessionEvents ev = new SessionEvents(SESSION);
    SessionSummary s = fold(agg, null, List.of(
        ev.next(StatementDone.failed(1, 1, "42P01", "no such table")),
        ev.next(StatementDone.failed(2, 1, "42P01", "no such table")),
        ev.next(StatementDone.failed(3, 1, "22012", "division by zero"))));
    assertThat(s.failedStatements()).isEqualTo(3);
    assertThat(s.errorsBySqlstate()).containsExactly(Map.entry("42P01", 2L));
    assertThat(s.errorsTruncated()).isTrue();
  }

  @Test
  void roleSwitchRoleChangeAndTheCallersChainFlag() {
    SessionEvents ev = new SessionEvents(SESSION);
    SessionSummary s = fold(List.of(
        ev.next(Statement.simple(1, "SET ROLE admin")),
        ev.next(Statement.simple(2, "GRANT SELECT ON t TO bob")),
        ev.next(Statement.simple(3, "COPY t TO PROGRAM 'curl x'")),
        ev.next(Statement.simple(4, "TRUNCATE t")),
        ev.next(Statement.simple(5, "ALTER SYSTEM SET work_mem = '1GB'")),
        ev.next(Statement.simple(6, "UPDATE t SET a = 1"))));
    assertThat(s.flags()).containsExactlyInAnyOrder(SessionFlag.ROLE_SWITCH, SessionFlag.ROLE_CHANGE,
        SessionFlag.COPY_PROGRAM, SessionFlag.TRUNCATE, SessionFlag.ALTER_SYSTEM,
        SessionFlag.UPDATE_WITHOUT_WHERE);
    assertThat(s.startedAt()).as("first event's time without session.start")
        .isEqualTo(SessionEvents.T0.plusSeconds(1));
    SessionSummary broken = s.withFlag(SessionFlag.CHAIN_BROKEN);
    assertThat(broken.flags()).contains(SessionFlag.CHAIN_BROKEN).hasSize(s.flags().size() + 1);
    assertThat(s.flags()).doesNotContain(SessionFlag.CHAIN_BROKEN);
  }

  @Test
  void functionCallsRejectsAndBadInput() {
    SessionEvents ev = new SessionEvents(SESSION);
    SessionSummary s = aggregator.apply(null, ev.next(Statement.functionCall(1, 1234, List.of())), null);
    assertThat(s.statementsByClass()).containsEntry(AuditClass.FUNCTION, 1L);

    AuditEvent withSql = ev.next(Statement.simple(2, "SELECT 1"));
    assertThatThrownBy(() -> aggregator.apply(s, withSql, null)).hasMessageContaining("classification");

    AuditEvent other = new SessionEvents("sess-2").next(start());
    assertThatThrownBy(() -> aggregator.apply(s, other, null)).hasMessageContaining("sess-2");

    SessionEvents rejected = new SessionEvents("sess-3");
    SessionSummary r = aggregator.apply(null,
        rejected.next(new SessionReject("10.0.0.9", 40000, "28000", "no active grant", "alice", "db")), null);
    assertThat(r.rejectSqlstate()).isEqualTo("28000");
    assertThat(r.clientAddress()).isEqualTo("10.0.0.9");
    assertThat(r.endedAt()).isEqualTo(r.startedAt()).isNotNull();
  }
}
