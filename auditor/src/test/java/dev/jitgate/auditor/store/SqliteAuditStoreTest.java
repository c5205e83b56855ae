package dev.jitgate.auditor.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jitgate.audit.event.AuditEvent;
import dev.jitgate.audit.event.AuditEventJson;
import dev.jitgate.audit.event.ChainBuilder;
import dev.jitgate.audit.event.ChainVerifier;
import dev.jitgate.audit.event.EndReason;
import dev.jitgate.audit.event.Parameter;
import dev.jitgate.audit.event.ParameterFormat;
import dev.jitgate.audit.event.ParseResult;
import dev.jitgate.audit.event.SessionContext;
import dev.jitgate.audit.event.SessionEnd;
import dev.jitgate.audit.event.Statement;
import dev.jitgate.audit.event.StatementDone;
import dev.jitgate.audit.event.UuidV7;
import dev.jitgate.auditor.testing.TestDatabaseFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

class SqliteAuditStoreTest {

  private static final Instant T0 = Instant.parse("2026-11-01T10:00:00.123456Z");

  private final AuditEventJson json = new AuditEventJson();
  private final TickingClock clock = new TickingClock(T0, Duration.ofMillis(1));
  private final UuidV7 ids = new UuidV7(clock, new SecureRandom());
  private Path file;
  private SqliteAuditStore store;

  @BeforeEach
  void open(TestInfo info) throws Exception {
    file = TestDatabaseFiles.fresh("store-tests", info);
    store = SqliteAuditStore.open(file, json);
  }

  @AfterEach
  void close() {
    store.close();
  }

  private ChainBuilder session(String id, String principal, String integration, String database) {
    return new ChainBuilder(new SessionContext(id, "proxy-1", principal, "grant-" + id, integration, database,
        "jit_" + principal), ids, clock, json);
  }

  private List<AuditEvent> sampleSession(String id, String principal, String integration, String... sql) {
    ChainBuilder chain = session(id, principal, integration, "app");
    List<AuditEvent> events = new ArrayList<>();
    for (int i = 0; i < sql.length; i++) {
      events.add(chain.append(Statement.simple(i + 1, sql[i])));
      events.add(chain.append(StatementDone.ok(i + 1, "SELECT 1", 1L, 250)));
    }
    events.add(chain.append(new SessionEnd(EndReason.CLIENT_CLOSED, 10, 20, sql.length, 1000)));
    return events;
  }

  @Test
  void appendStoresOnceAndCountsDuplicates() {
    List<AuditEvent> batch = sampleSession("s1", "alice", "orders", "SELECT * FROM orders");

    assertThat(store.append(batch)).isEqualTo(new IngestResult(3, 0));
    assertThat(store.append(batch)).isEqualTo(new IngestResult(0, 3));
    List<AuditEvent> withRepeat = new ArrayList<>(batch);
    withRepeat.add(batch.getFirst());
    assertThat(store.append(withRepeat)).isEqualTo(new IngestResult(0, 4));
    assertThat(store.count()).isEqualTo(3);
    assertThat(store.searchStatements(StatementQuery.text("orders", 10))).hasSize(1);
  }

  @Test
  void duplicatesWithinOneNewBatchAreCountedAndStoredOnce() {
    List<AuditEvent> batch = sampleSession("s1", "alice", "orders", "SELECT 1");
    List<AuditEvent> doubled = new ArrayList<>(batch);
    doubled.addAll(batch);

    assertThat(store.append(doubled)).isEqualTo(new IngestResult(3, 3));
    assertThat(store.count()).isEqualTo(3);
  }

  @Test
  void sessionEventsAreOrderedBySeqWhateverTheArrivalOrder() {
    List<AuditEvent> events = sampleSession("s1", "alice", "orders", "SELECT 1", "SELECT 2", "SELECT 3");
    List<AuditEvent> reversed = events.reversed();
    store.append(reversed.subList(0, 3));
    store.append(reversed.subList(3, reversed.size()));
    store.append(sampleSession("other", "bob", "orders", "SELECT 9"));

    List<StoredEvent> stored = store.sessionEvents("s1");

    assertThat(stored).extracting(StoredEvent::seq).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L);
    assertThat(stored).extracting(StoredEvent::id).containsExactlyElementsOf(events.stream().map(AuditEvent::id).toList());
    StoredEvent first = stored.getFirst();
    assertThat(first.type()).isEqualTo("statement");
    assertThat(first.time()).isEqualTo(events.getFirst().envelope().time());
    assertThat(first.principal()).isEqualTo("alice");
    assertThat(first.grant()).isEqualTo("grant-s1");
    assertThat(first.integration()).isEqualTo("orders");
    assertThat(first.database()).isEqualTo("app");
    assertThat(store.sessionEvents("missing")).isEmpty();
    assertThatThrownBy(() -> store.sessionEvents(" ")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("session");
  }

  @Test
  void fullTextSearchFindsWordsInSqlWithTheirResults() {
    ChainBuilder chain = session("s1", "alice", "orders", "app");
    List<AuditEvent> events = List.of(
        chain.append(Statement.simple(1, "SELECT name FROM customers WHERE id = 7")),
        chain.append(StatementDone.ok(1, "SELECT 1", 1L, 120)),
        chain.append(Statement.extended(2, "DELETE FROM invoices WHERE paid", "", "",
            List.of(Parameter.ofNull(ParameterFormat.TEXT)))),
        chain.append(StatementDone.failed(2, 80, "42501", "permission denied for table invoices")),
        chain.append(Statement.simple(3, "UPDATE customer_notes SET body = 'x'")),
        chain.append(Statement.functionCall(4, 1234, List.of())));
    store.append(events);

    List<StatementHit> customers = store.searchStatements(StatementQuery.text("customers", 10));
    assertThat(customers).singleElement().satisfies(hit -> {
      assertThat(hit.statementId()).isEqualTo(1);
      assertThat(hit.eventId()).isEqualTo(events.get(0).id());
      assertThat(hit.seq()).isEqualTo(1);
      assertThat(hit.session()).isEqualTo("s1");
      assertThat(hit.sql()).contains("customers");
      assertThat(hit.result()).isEqualTo(new StatementResult("SELECT 1", 1L, 120, null, null));
    });

    List<StatementHit> invoices = store.searchStatements(StatementQuery.text("delete INVOICES", 10));
    assertThat(invoices).singleElement().satisfies(hit -> {
      assertThat(hit.result().failed()).isTrue();
      assertThat(hit.result().sqlstate()).isEqualTo("42501");
    });

    assertThat(store.searchStatements(StatementQuery.text("customer_notes", 10)))
        .singleElement().satisfies(hit -> assertThat(hit.result()).isNull());
    assertThat(store.searchStatements(StatementQuery.text("customers invoices", 10))).isEmpty();
    assertThat(store.searchStatements(StatementQuery.text(null, 10)))
        .extracting(StatementHit::statementId).containsExactly(4L, 3L, 2L, 1L);
  }

  @Test
  void filtersAndTimeRangeNarrowTheSearchNewestFirst() {
    store.append(sampleSession("s1", "alice", "orders", "SELECT * FROM t1", "SELECT * FROM t2"));
    Instant middle = clock.instant();
    store.append(sampleSession("s2", "bob", "orders", "SELECT * FROM t3"));
    store.append(sampleSession("s3", "alice", "billing", "SELECT * FROM t4"));

    assertThat(store.searchStatements(StatementQuery.text("select", 100)))
        .extracting(StatementHit::sql)
        .containsExactly("SELECT * FROM t4", "SELECT * FROM t3", "SELECT * FROM t2", "SELECT * FROM t1");
    assertThat(store.searchStatements(new StatementQuery("select", "alice", null, null, null, null, 100)))
        .extracting(StatementHit::session).containsExactly("s3", "s1", "s1");
    assertThat(store.searchStatements(new StatementQuery("select", "alice", "orders", null, null, null, 100)))
        .extracting(StatementHit::sql).containsExactly("SELECT * FROM t2", "SELECT * FROM t1");
    assertThat(store.searchStatements(new StatementQuery(null, null, null, "app", middle, null, 100)))
        .extracting(StatementHit::session).containsExactly("s3", "s2");
    assertThat(store.searchStatements(new StatementQuery(null, null, null, null, null, middle, 100)))
        .extracting(StatementHit::session).containsExactly("s1", "s1");
    assertThat(store.searchStatements(new StatementQuery(null, null, null, "other", null, null, 100))).isEmpty();
    assertThat(store.searchStatements(StatementQuery.text("select", 1))).hasSize(1);
    assertThatThrownBy(() -> new StatementQuery(null, null, null, null, middle, middle, 10))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("to:");
    assertThatThrownBy(() -> StatementQuery.text("x", 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("limit:");
  }

  @Test
  void hostileSearchTextIsTakenLiterallyAndNeverAnSqlError() {
    store.append(sampleSession("s1", "alice", "orders",
        "SELECT \"weird\" FROM near_table WHERE a = 'x*' AND (b OR c)", "SELECT 1"));
    String[] hostile = {
        "\"", "\"\"", "'", "*", "a*", "NEAR", "NEAR(a b)", "near(", "(", ")", "((a", "a)", "AND", "OR", "NOT",
        "a AND", "OR b", "NOT NOT", "^x", "-x", "+", "sql:", "rowid:1", "{sql}: x", "\"unterminated", "x\" OR \"y",
        "a\u0000b", "%", "_", ";", "DROP TABLE events; --", "\\", "💥", "select * from"};
    for (String text : hostile) {
      try {
        assertThat(store.searchStatements(StatementQuery.text(text, 10))).as(text).isNotNull();
      } catch (IllegalArgumentException e) {
        assertThat(e).as(text).hasMessageStartingWith("text:");
      }
    }
    assertThat(store.searchStatements(StatementQuery.text("NEAR", 10))).singleElement()
        .satisfies(hit -> assertThat(hit.sql()).contains("near_table"));
    assertThat(store.searchStatements(StatementQuery.text("\"weird\"", 10))).hasSize(1);
    assertThat(store.searchStatements(StatementQuery.text("(b OR c)", 10))).hasSize(1);
    assertThat(store.searchStatements(StatementQuery.text("b OR z", 10))).isEmpty();
    assertThatThrownBy(() -> store.searchStatements(StatementQuery.text("* ( ) \"", 10)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("text:");
    assertThatThrownBy(() -> StatementQuery.text("x".repeat(StatementQuery.MAX_TEXT + 1), 10))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("text:");
  }

  @Test
  void exportCursorPagesThroughEverythingExactlyOnceInOrder() {
    List<AuditEvent> all = new ArrayList<>();
    for (int s = 0; s < 5; s++) {
      all.addAll(sampleSession("s" + s, "alice", "orders", "SELECT 1", "SELECT 2", "SELECT 3"));
    }
    store.append(all);

    List<StoredEvent> exported = new ArrayList<>();
    EventCursor cursor = null;
    int pages = 0;
    do {
      EventPage page = store.events(new EventQuery(null, null, null, 4, cursor));
      assertThat(page.events()).hasSizeLessThanOrEqualTo(4);
      exported.addAll(page.events());
      cursor = page.next();
      pages++;
    } while (cursor != null);

    assertThat(exported).extracting(StoredEvent::id).containsExactlyElementsOf(all.stream().map(AuditEvent::id).toList());
    assertThat(pages).isEqualTo((all.size() + 3) / 4);
    Set<String> unique = new HashSet<>(exported.stream().map(StoredEvent::id).toList());
    assertThat(unique).hasSize(all.size());

    Instant from = all.get(7).envelope().time();
    Instant to = all.get(12).envelope().time();
    assertThat(store.events(new EventQuery(from, to, null, 100, null)).events())
        .extracting(StoredEvent::id).containsExactlyElementsOf(all.subList(7, 12).stream().map(AuditEvent::id).toList());
    EventPage s2 = store.events(new EventQuery(null, null, "s2", 100, null));
    assertThat(s2.events()).hasSize(7).allSatisfy(e -> assertThat(e.session()).isEqualTo("s2"));
    assertThat(s2.hasMore()).isFalse();
    assertThatThrownBy(() -> new EventQuery(null, null, null, 0, null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("limit:");
  }

  @Test
  void storedLinesAreTheCanonicalBytesAndReverifyTheChain() {
    ChainBuilder chain = session("s1", "alice", "orders", "app");
    List<AuditEvent> events = List.of(
        chain.append(Statement.extended(1, "SELECT $1, $2 -- ünïcode ✓", "s", "",
            List.of(Parameter.ofText("o'hara \"q\" \\ \n".getBytes(StandardCharsets.UTF_8), 100),
                Parameter.ofBinary(new byte[] {0, 1, (byte) 0xff}, 100)))),
        chain.append(StatementDone.ok(1, "SELECT 1", 1L, 5)),
        chain.append(new SessionEnd(EndReason.CLIENT_CLOSED, 1, 2, 1, 3)));
    store.append(events);

    List<StoredEvent> stored = store.sessionEvents("s1");
    assertThat(stored).extracting(StoredEvent::line)
        .containsExactlyElementsOf(events.stream().map(json::write).toList());
    List<AuditEvent> reread = stored.stream().map(e -> ((ParseResult.Ok) json.read(e.line())).event()).toList();
    ChainVerifier verifier = new ChainVerifier(json);
    assertThat(verifier.verify(reread)).isEmpty();
    assertThat(verifier.verify(List.of(reread.get(0), reread.get(2)))).isNotEmpty();
  }

  @Test
  void reopenedStoreKeepsEverything() {
    List<AuditEvent> batch = sampleSession("s1", "alice", "orders", "SELECT * FROM persisted_table");
    store.append(batch);
    store.close();

    store = SqliteAuditStore.open(file, json);

    assertThat(store.count()).isEqualTo(3);
    assertThat(store.append(batch)).isEqualTo(new IngestResult(0, 3));
    assertThat(store.searchStatements(StatementQuery.text("persisted_table", 10))).hasSize(1);
    assertThat(store.sessionEvents("s1")).extracting(StoredEvent::line)
        .containsExactlyElementsOf(batch.stream().map(json::write).toList());
  }

  @Test
  void aStatementsResultIsItsFirstDoneEventWhileLaterOnesAreStoredEventsOnly() {
    ChainBuilder chain = session("s1", "alice", "orders", "app");
    List<AuditEvent> first = List.of(
        chain.append(Statement.simple(1, "SELECT total FROM ledger")),
        chain.append(StatementDone.ok(1, "SELECT 3", 3L, 100)));
    List<AuditEvent> later = List.of(chain.append(StatementDone.failed(1, 900, "57014", "canceled")));
    store.append(first);
    store.append(later);

    assertThat(store.searchStatements(StatementQuery.text("ledger", 10))).singleElement()
        .satisfies(hit -> assertThat(hit.result()).isEqualTo(new StatementResult("SELECT 3", 3L, 100, null, null)));
    assertThat(store.sessionStatements("s1")).singleElement()
        .satisfies(hit -> assertThat(hit.result().commandTag()).isEqualTo("SELECT 3"));
    assertThat(store.sessionEvents("s1")).extracting(StoredEvent::type)
        .containsExactly("statement", "statement.done", "statement.done");
  }

  @Test
  void aStoredLineThisReaderRejectsIsStillFoundWithItsSqlAndResult() throws Exception {
    store.append(sampleSession("s1", "alice", "orders", "SELECT 1"));
    // rows as another version might have written them: lines the current reader does not accept
    try (Connection raw = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
        java.sql.Statement sql = raw.createStatement()) {
      sql.execute("INSERT INTO session_keys (key, session) VALUES (100, 'old')");
      sql.execute("""
          INSERT INTO events (pk, id, session, seq, type, time_us, line, statement_id, session_key) VALUES
            (100, 'legacy-1', 'old', 1, 'statement', 1, '{"type":"statement","sql":"SELECT legacy FROM t"}', 1, 100),
            (101, 'legacy-2', 'old', 2, 'statement.done', 2,
             '{"type":"statement.done","command_tag":"SELECT 2","rows":2,"duration_micros":30}', 1, 100)""");
      sql.execute("INSERT INTO statement_fts (rowid, sql) VALUES (100, 'SELECT legacy FROM t')");
    }

    assertThat(store.searchStatements(StatementQuery.text("legacy", 10))).singleElement().satisfies(hit -> {
      assertThat(hit.eventId()).isEqualTo("legacy-1");
      assertThat(hit.sql()).isEqualTo("SELECT legacy FROM t");
      assertThat(hit.result()).isEqualTo(new StatementResult("SELECT 2", 2L, 30, null, null));
    });
  }

  @Test
  void queriesBySessionSearchTheSessionKeyIndexesInsteadOfScanningTheEvents() throws Exception {
    store.append(sampleSession("s1", "alice", "orders", "SELECT 1"));
    try (Connection raw = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath())) {
      for (String query : List.of(SqliteAuditStore.SESSION_EVENTS, SqliteAuditStore.LAST_EVENT,
          SqliteAuditStore.SESSION_STATEMENTS)) {
        assertThat(plan(raw, query)).as(query)
            .anyMatch(step -> step.contains("USING INDEX events_session_seq (session_key=?"))
            .noneMatch(step -> step.matches("SCAN (events|s|e|d|r)\\b.*"));
      }
      assertThat(plan(raw, SqliteAuditStore.SESSION_STATEMENTS)).as("a statement's result")
          .anyMatch(step -> step.contains("events_result (session_key=? AND statement_id=?)"));
    }
  }

  /** The steps of SQLite's plan for {@code query}. */
  private static List<String> plan(Connection connection, String query) throws Exception {
    List<String> steps = new ArrayList<>();
    try (PreparedStatement ps = connection.prepareStatement("EXPLAIN QUERY PLAN " + query);
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        steps.add(rs.getString("detail"));
      }
    }
    return steps;
  }

  @Test
  void fileIsInWalModeAndTheFullTextIndexIsConsistent() throws Exception {
    store.append(sampleSession("s1", "alice", "orders", "SELECT a FROM b", "UPDATE c SET d = 1"));
    store.append(sampleSession("s1", "alice", "orders", "SELECT a FROM b"));

    try (Connection raw = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
        java.sql.Statement sql = raw.createStatement()) {
      try (ResultSet rs = sql.executeQuery("PRAGMA journal_mode")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isEqualToIgnoringCase("wal");
      }
      try (ResultSet rs = sql.executeQuery("PRAGMA integrity_check")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isEqualTo("ok");
      }
      sql.execute("INSERT INTO statement_fts (statement_fts, rank) VALUES ('integrity-check', 1)");
    }
  }

  @Test
  void closedStoreRefusesUse() {
    store.close();
    assertThatThrownBy(store::count).isInstanceOf(IllegalStateException.class);
  }

  /** A clock that moves forward by {@code step} on every read. */
  private static final class TickingClock extends Clock {
    private Instant now;
    private final Duration step;

    TickingClock(Instant start, Duration step) {
      this.now = start;
      this.step = step;
    }

    @Override
    public synchronized Instant instant() {
      Instant current = now;
      now = now.plus(step);
      return current;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException();
    }
  }
}
