package dev.jitgate.auditor.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jitgate.audit.event.AuditEvent;
import dev.jitgate.audit.event.AuditEventJson;
import dev.jitgate.audit.event.ChainBuilder;
import dev.jitgate.audit.event.EndReason;
import dev.jitgate.audit.event.SessionContext;
import dev.jitgate.audit.event.SessionEnd;
import dev.jitgate.audit.event.SessionStart;
import dev.jitgate.audit.event.Statement;
import dev.jitgate.audit.event.StatementDone;
import dev.jitgate.audit.event.UuidV7;
import dev.jitgate.auditor.classify.StatementClassifier;
import dev.jitgate.auditor.session.SessionAggregator;
import dev.jitgate.auditor.session.SessionFlag;
import dev.jitgate.auditor.session.SessionSummary;
import dev.jitgate.auditor.testing.TestDatabaseFiles;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/** The session, statement-of-session and alert queries of {@link SqliteAuditStore} on real files. */
class SqliteAuditStoreSessionsTest {
  private static final Instant T0 = Instant.parse("2026-11-01T10:00:00Z");

  private final AuditEventJson json = new AuditEventJson();
  private final StepClock clock = new StepClock(T0);
  private final UuidV7 ids = new UuidV7(clock, new SecureRandom());
  private final StatementClassifier classifier = new StatementClassifier();
  private final SessionAggregator aggregator = new SessionAggregator();
  private Path file;
  private SqliteAuditStore store;

  @BeforeEach
  void open(TestInfo info) throws Exception {
    file = TestDatabaseFiles.fresh("store-session-tests", info);
    store = SqliteAuditStore.open(file, json);
  }

  @AfterEach
  void close() {
    store.close();
  }

  /** A session's events: start, the statements each with a done, and an end when {@code ended}. */
  private List<AuditEvent> session(String id, String principal, String integration, String database,
      boolean ended, String... sql) {
    ChainBuilder chain = new ChainBuilder(new SessionContext(id, "proxy-1", principal, "grant-" + id,
        integration, database, "jit_" + principal), ids, clock, json);
    List<AuditEvent> events = new ArrayList<>();
    events.add(chain.append(new SessionStart("10.0.0.5", 5000, "psql", null, null, "3.0", "scram-sha-256")));
    for (int i = 0; i < sql.length; i++) {
      events.add(chain.append(Statement.simple(i + 1, sql[i])));
      events.add(chain.append(StatementDone.ok(i + 1, "SELECT 1", 1L, 100)));
    }
    if (ended) {
      events.add(chain.append(new SessionEnd(EndReason.CLIENT_CLOSED, 10, 20, sql.length, 1000)));
    }
    return events;
  }

  private SessionSummary fold(List<AuditEvent> events) {
    SessionSummary summary = null;
    for (AuditEvent e : events) {
      summary = aggregator.apply(summary, e,
          e.body() instanceof Statement s && s.sql() != null ? classifier.classify(s.sql()) : null);
    }
    return summary;
  }

  /** Appends the session's events with its summary. */
  private SessionSummary store(List<AuditEvent> events) {
    SessionSummary summary = fold(events);
    store.append(events, List.of(summary), List.of());
    return summary;
  }

  private static AuditAlert alert(String session, long seq) {
    return new AuditAlert(session, "gap", seq, T0.plusSeconds(seq), "gap: seq " + seq + ".." + seq + " missing");
  }

  @Test
  void appendStoresEventsSummaryAndAlertsTogether() {
    List<AuditEvent> events = session("s1", "alice", "orders", "app", false, "SELECT * FROM orders");
    SessionSummary summary = fold(events);
    AuditAlert alert = alert("s1", 3);

    IngestResult result = store.append(events, List.of(summary), List.of(alert));

    assertThat(result).isEqualTo(new IngestResult(3, 0));
    assertThat(store.summary("s1")).contains(summary);
    assertThat(store.alerts("s1")).containsExactly(alert);
    assertThat(store.summary("other")).isEmpty();
    assertThat(store.alerts("other")).isEmpty();
    assertThat(store.lastEvent("s1")).hasValueSatisfying(e -> assertThat(e.id()).isEqualTo(events.getLast().id()));
    assertThat(store.lastEvent("other")).isEmpty();
    assertThat(store.append(events, List.of(summary), List.of())).isEqualTo(new IngestResult(0, 3));
  }

  @Test
  void summaryIsReplacedFlagsIncluded() {
    List<AuditEvent> events = session("s1", "alice", "orders", "app", false, "DROP TABLE t");
    SessionSummary first = fold(events);
    store.append(events, List.of(first), List.of());
    assertThat(store.sessions(flag(SessionFlag.DDL))).extracting(SessionSummary::session).containsExactly("s1");

    SessionSummary replaced = SessionSummary.empty("s1").withFlag(SessionFlag.CHAIN_BROKEN);
    store.append(List.of(), List.of(replaced), List.of());

    assertThat(store.summary("s1")).contains(replaced);
    assertThat(store.sessions(flag(SessionFlag.DDL))).isEmpty();
    assertThat(store.sessions(flag(SessionFlag.CHAIN_BROKEN))).extracting(SessionSummary::session)
        .containsExactly("s1");
  }

  private static SessionQuery flag(SessionFlag flag) {
    return new SessionQuery(null, null, null, null, null, flag, null, 100);
  }

  @Test
  void everySessionFilterHolds() {
    SessionSummary s1 = store(session("s1", "alice", "orders", "app", true, "SELECT * FROM invoices"));
    Instant afterS1 = clock.instant();
    SessionSummary s2 = store(session("s2", "bob", "orders", "app", true, "DELETE FROM invoices"));
    SessionSummary s3 = store(session("s3", "alice", "billing", "ledger", false, "SELECT * FROM customers"));
    Instant afterAll = clock.instant();

    assertThat(store.sessions(SessionQuery.all(100))).containsExactly(s3, s2, s1);
    assertThat(store.sessions(SessionQuery.all(2))).containsExactly(s3, s2);
    assertThat(sessions(new SessionQuery("alice", null, null, null, null, null, null, 100))).containsExactly("s3", "s1");
    assertThat(sessions(new SessionQuery(null, "orders", null, null, null, null, null, 100))).containsExactly("s2", "s1");
    assertThat(sessions(new SessionQuery(null, null, "ledger", null, null, null, null, 100))).containsExactly("s3");
    assertThat(sessions(new SessionQuery("alice", "orders", "app", null, null, null, null, 100))).containsExactly("s1");
    // from: ended at or after it, or still open
    assertThat(sessions(new SessionQuery(null, null, null, afterS1, null, null, null, 100))).containsExactly("s3", "s2");
    assertThat(sessions(new SessionQuery(null, null, null, afterAll, null, null, null, 100))).containsExactly("s3");
    // to: started before it
    assertThat(sessions(new SessionQuery(null, null, null, null, afterS1, null, null, 100))).containsExactly("s1");
    assertThat(sessions(new SessionQuery(null, null, null, T0, afterS1, null, null, 100))).containsExactly("s1");
    assertThat(sessions(flag(SessionFlag.DELETE_WITHOUT_WHERE))).containsExactly("s2");
    assertThat(sessions(flag(SessionFlag.ROLE_CHANGE))).isEmpty();
    assertThat(sessions(text("invoices"))).containsExactly("s2", "s1");
    assertThat(sessions(text("delete INVOICES"))).containsExactly("s2");
    assertThat(sessions(text("customers invoices"))).isEmpty();
    assertThat(sessions(new SessionQuery("alice", null, null, null, null, null, "invoices", 100))).containsExactly("s1");
  }

  private static SessionQuery text(String text) {
    return new SessionQuery(null, null, null, null, null, null, text, 100);
  }

  private List<String> sessions(SessionQuery query) {
    return store.sessions(query).stream().map(SessionSummary::session).toList();
  }

  @Test
  void hostileSessionTextIsTakenLiterally() {
    store(session("s1", "alice", "orders", "app", true, "SELECT \"weird\" FROM near_table WHERE (b OR c)"));
    for (String hostile : List.of("\"", "NEAR(a b)", "a AND", "x\" OR \"y", "rowid:1", "a\u0000b", "💥")) {
      try {
        assertThat(store.sessions(text(hostile))).as(hostile).isNotNull();
      } catch (IllegalArgumentException e) {
        assertThat(e).as(hostile).hasMessageStartingWith("text:");
      }
    }
    assertThat(sessions(text("NEAR"))).containsExactly("s1");
    assertThat(sessions(text("b OR c"))).containsExactly("s1");
    assertThatThrownBy(() -> store.sessions(text("* ( )"))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("text:");
  }

  @Test
  void sessionStatementsAreBySeqWithResultsWhateverTheArrivalOrder() {
    List<AuditEvent> events = session("s1", "alice", "orders", "app", false, "SELECT 1", "SELECT 2", "SELECT 3");
    List<AuditEvent> lastStatementWithoutResult = events.subList(0, events.size() - 1);
    store.append(lastStatementWithoutResult.reversed());
    store.append(session("s2", "bob", "orders", "app", true, "SELECT 9"));

    List<StatementHit> hits = store.sessionStatements("s1");

    assertThat(hits).extracting(StatementHit::sql).containsExactly("SELECT 1", "SELECT 2", "SELECT 3");
    assertThat(hits).extracting(StatementHit::seq).containsExactly(2L, 4L, 6L);
    assertThat(hits.get(0).result()).isEqualTo(new StatementResult("SELECT 1", 1L, 100, null, null));
    assertThat(hits.get(2).result()).isNull();
    assertThat(hits).allSatisfy(h -> {
      assertThat(h.session()).isEqualTo("s1");
      assertThat(h.principal()).isEqualTo("alice");
    });
    assertThat(store.sessionStatements("missing")).isEmpty();
    assertThatThrownBy(() -> store.sessionStatements(" ")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("session:");
  }

  @Test
  void alertsOfAllSessionsAreTheNewestThousandInOrderFound() {
    List<AuditAlert> alerts = new ArrayList<>();
    for (int i = 1; i <= 1_005; i++) {
      alerts.add(alert("s" + (i % 3), i));
    }
    store.append(List.of(), List.of(), alerts.subList(0, 500));
    store.append(List.of(), List.of(), alerts.subList(500, alerts.size()));

    assertThat(store.alerts(null)).containsExactlyElementsOf(alerts.subList(5, alerts.size()));
    assertThat(store.alerts("s1")).extracting(AuditAlert::seq).startsWith(1L, 4L, 7L).hasSize(335);
  }

  @Test
  void failedAppendStoresNothing() throws Exception {
    List<AuditEvent> events = session("s1", "alice", "orders", "app", false, "SELECT 1");
    try (Connection raw = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
        java.sql.Statement sql = raw.createStatement()) {
      sql.execute("CREATE TRIGGER refuse BEFORE INSERT ON alerts BEGIN SELECT RAISE(ABORT, 'refused'); END");
    }

    assertThatThrownBy(() -> store.append(events, List.of(fold(events)), List.of(alert("s1", 9))))
        .isInstanceOf(AuditStoreException.class);

    assertThat(store.count()).isZero();
    assertThat(store.summary("s1")).isEmpty();
    assertThat(store.sessionStatements("s1")).isEmpty();
    assertThat(store.append(events, List.of(fold(events)), List.of())).isEqualTo(new IngestResult(3, 0));
  }

  @Test
  void summaryWithChangedFilterColumnsIsFoundByTheNewValuesOnly() {
    SessionSummary open = fold(session("s1", "alice", "orders", "app", false, "SELECT 1"));
    store.append(List.of(), List.of(open), List.of());
    SessionQuery stillOpenNextYear = new SessionQuery(null, null, null, T0.plus(Duration.ofDays(365)), null, null,
        null, 10);
    SessionSummary flagged = open.withFlag(SessionFlag.CHAIN_BROKEN);
    store.append(List.of(), List.of(flagged), List.of());
    assertThat(store.sessions(flag(SessionFlag.CHAIN_BROKEN))).containsExactly(flagged);
    assertThat(store.sessions(stillOpenNextYear)).containsExactly(flagged);

    SessionSummary ended = fold(session("s1", "alice", "orders", "app", true, "SELECT 1"));
    assertThat(ended.endedAt()).isNotNull();
    store.append(List.of(), List.of(ended), List.of());

    assertThat(store.summary("s1")).contains(ended);
    assertThat(store.sessions(stillOpenNextYear)).isEmpty();
    assertThat(store.sessions(SessionQuery.all(10))).containsExactly(ended);
    assertThat(store.sessions(flag(SessionFlag.CHAIN_BROKEN))).isEmpty();
  }

  @Test
  void blankSessionIsRefusedNamingTheField() {
    assertThatThrownBy(() -> store.summary("")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("session:");
    assertThatThrownBy(() -> store.alerts(" ")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("session:");
    assertThatThrownBy(() -> store.lastEvent(null)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("session:");
  }

  /** A clock that moves one second forward on every read. */
  private static final class StepClock extends Clock {
    private Instant now;

    StepClock(Instant start) {
      this.now = start;
    }

    @Override
    public synchronized Instant instant() {
      now = now.plus(Duration.ofSeconds(1));
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }
}
