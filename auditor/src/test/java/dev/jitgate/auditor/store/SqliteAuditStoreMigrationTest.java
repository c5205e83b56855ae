package dev.jitgate.auditor.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.jitgate.audit.event.AuditEvent;
import dev.jitgate.audit.event.AuditEventJson;
import dev.jitgate.audit.event.ChainBuilder;
import dev.jitgate.audit.event.EndReason;
import dev.jitgate.audit.event.SessionContext;
import dev.jitgate.audit.event.SessionEnd;
import dev.jitgate.audit.event.Statement;
import dev.jitgate.audit.event.StatementDone;
import dev.jitgate.audit.event.UuidV7;
import dev.jitgate.auditor.session.SessionFlag;
import dev.jitgate.auditor.session.SessionSummary;
import dev.jitgate.auditor.session.SessionSummaryJson;
import dev.jitgate.auditor.testing.TestDatabaseFiles;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * Files written by older schema versions of {@link SqliteAuditStore} (built here with the DDL and the rows
 * those versions wrote, or, for version 3, a file the version-3 auditor wrote) are migrated when opened and
 * keep every event, statement, result and summary findable; a file of a newer version is refused.
 */
class SqliteAuditStoreMigrationTest {
  private static final Instant T0 = Instant.parse("2026-11-01T10:00:00Z");

  private final AuditEventJson json = new AuditEventJson();
  private final Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
  private final UuidV7 ids = new UuidV7(clock, new SecureRandom());
  private Path file;

  @BeforeEach
  void file(TestInfo info) throws Exception {
    file = TestDatabaseFiles.fresh("store-migration-tests", info);
  }

  private List<AuditEvent> session(String id, String... sql) {
    ChainBuilder chain = new ChainBuilder(new SessionContext(id, "proxy-1", "alice", "grant-" + id, "orders",
        "app", "jit_alice"), ids, clock, json);
    List<AuditEvent> events = new ArrayList<>();
    for (int i = 0; i < sql.length; i++) {
      events.add(chain.append(Statement.simple(i + 1, sql[i])));
      events.add(chain.append(StatementDone.ok(i + 1, "SELECT 1", 1L, 250)));
    }
    events.add(chain.append(new SessionEnd(EndReason.CLIENT_CLOSED, 10, 20, sql.length, 1000)));
    return events;
  }

  /** Writes {@code events} (and {@code summary} when version 2) the way that version of the store did. */
  private void writeOldFile(int version, List<AuditEvent> events, SessionSummary summary) throws SQLException {
    try (Connection raw = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
        java.sql.Statement sql = raw.createStatement()) {
      sql.execute("PRAGMA journal_mode = WAL");
      raw.setAutoCommit(false);
      for (String ddl : SqliteAuditStore.SCHEMA_V1) {
        sql.execute(ddl);
      }
      if (version >= 2) {
        for (String ddl : SqliteAuditStore.SCHEMA_V2) {
          sql.execute(ddl);
        }
      }
      try (PreparedStatement event = raw.prepareStatement("INSERT INTO events (pk, id, session, seq, type, time_us,"
              + " principal, grant_id, integration, database_name, line) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
          PreparedStatement statement = raw.prepareStatement("INSERT INTO statements (pk, session, statement_id,"
              + " time_us, principal, integration, database_name, sql) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
          PreparedStatement result = raw.prepareStatement("INSERT INTO statement_results (session, statement_id,"
              + " pk, command_tag, rows, duration_us, sqlstate, error) VALUES (?, ?, ?, ?, ?, ?, NULL, NULL)")) {
        long pk = 1;
        for (AuditEvent e : events) {
          long micros = e.envelope().time().getEpochSecond() * 1_000_000L + e.envelope().time().getNano() / 1_000;
          event.setLong(1, pk);
          event.setString(2, e.id());
          event.setString(3, e.session());
          event.setLong(4, e.seq());
          event.setString(5, e.type());
          event.setLong(6, micros);
          event.setString(7, e.envelope().principal());
          event.setString(8, e.envelope().grant());
          event.setString(9, e.envelope().integration());
          event.setString(10, e.envelope().database());
          event.setString(11, json.write(e));
          event.executeUpdate();
          if (e.body() instanceof Statement s) {
            statement.setLong(1, pk);
            statement.setString(2, e.session());
            statement.setLong(3, s.statementId());
            statement.setLong(4, micros);
            statement.setString(5, e.envelope().principal());
            statement.setString(6, e.envelope().integration());
            statement.setString(7, e.envelope().database());
            statement.setString(8, s.sql());
            statement.executeUpdate();
          } else if (e.body() instanceof StatementDone d) {
            result.setString(1, e.session());
            result.setLong(2, d.statementId());
            result.setLong(3, pk);
            result.setString(4, d.commandTag());
            result.setLong(5, d.rows());
            result.setLong(6, d.durationMicros());
            result.executeUpdate();
          }
          pk++;
        }
      }
      sql.execute("INSERT INTO statement_fts (rowid, sql) SELECT pk, sql FROM statements");
      if (summary != null) {
        try (PreparedStatement s = raw.prepareStatement("INSERT INTO sessions (session, principal, integration,"
            + " database_name, started_us, ended_us, summary) VALUES (?, ?, ?, ?, NULL, NULL, ?)")) {
          s.setString(1, summary.session());
          s.setString(2, summary.principal());
          s.setString(3, summary.integration());
          s.setString(4, summary.database());
          s.setString(5, new SessionSummaryJson().write(summary));
          s.executeUpdate();
        }
        for (SessionFlag flag : summary.flags()) {
          sql.execute("INSERT INTO session_flags (session, flag) VALUES ('" + summary.session() + "', '"
              + flag.name() + "')");
        }
      }
      sql.execute("PRAGMA user_version = " + version);
      raw.commit();
    }
  }

  private int userVersion() throws SQLException {
    return pragma("user_version");
  }

  /** The integer value of SQLite's {@code PRAGMA name} for the file, read on a fresh connection. */
  private int pragma(String name) throws SQLException {
    try (Connection raw = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
        java.sql.Statement sql = raw.createStatement();
        ResultSet rs = sql.executeQuery("PRAGMA " + name)) {
      assertThat(rs.next()).isTrue();
      return rs.getInt(1);
    }
  }

  @Test
  void versionTwoFileKeepsItsEventsStatementsResultsAndSummaries() throws Exception {
    List<AuditEvent> old = session("s1", "SELECT name FROM customers", "DELETE FROM invoices WHERE paid");
    SessionSummary summary = SessionSummary.empty("s1").withFlag(SessionFlag.CHAIN_BROKEN);
    writeOldFile(2, old, summary);

    try (SqliteAuditStore store = SqliteAuditStore.open(file, json)) {
      assertThat(store.count()).isEqualTo(old.size());
      assertThat(store.sessionEvents("s1")).extracting(StoredEvent::line)
          .containsExactlyElementsOf(old.stream().map(json::write).toList());
      assertThat(store.searchStatements(StatementQuery.text("customers", 10))).singleElement().satisfies(hit -> {
        assertThat(hit.eventId()).isEqualTo(old.get(0).id());
        assertThat(hit.sql()).isEqualTo("SELECT name FROM customers");
        assertThat(hit.principal()).isEqualTo("alice");
        assertThat(hit.result()).isEqualTo(new StatementResult("SELECT 1", 1L, 250, null, null));
      });
      assertThat(store.sessionStatements("s1")).extracting(StatementHit::statementId).containsExactly(1L, 2L);
      assertThat(store.summary("s1")).contains(summary);
      assertThat(store.sessions(new SessionQuery(null, null, null, null, null, SessionFlag.CHAIN_BROKEN, null, 10)))
          .containsExactly(summary);
      assertThat(store.sessions(new SessionQuery(null, null, null, null, null, null, "invoices", 10)))
          .containsExactly(summary);

      List<AuditEvent> more = session("s2", "UPDATE invoices SET paid = true");
      assertThat(store.append(more)).isEqualTo(new IngestResult(more.size(), 0));
      assertThat(store.append(old)).isEqualTo(new IngestResult(0, old.size()));
      assertThat(store.searchStatements(StatementQuery.text("invoices", 10)))
          .extracting(StatementHit::session).containsExactly("s2", "s1");
      assertThat(store.events(new EventQuery(null, null, null, 100, null)).events()).hasSize(old.size() + more.size());
    }
    assertThatTheFileIsCurrentAndIntact();
  }

  @Test
  void versionOneFileGainsTheSessionTablesAndKeepsItsStatements() throws Exception {
    List<AuditEvent> old = session("s1", "SELECT * FROM kept");
    writeOldFile(1, old, null);

    try (SqliteAuditStore store = SqliteAuditStore.open(file, json)) {
      assertThat(store.count()).isEqualTo(old.size());
      assertThat(store.summary("s1")).isEmpty();
      assertThat(store.searchStatements(StatementQuery.text("kept", 10))).singleElement()
          .satisfies(hit -> assertThat(hit.result()).isNotNull());
      SessionSummary summary = SessionSummary.empty("s1").withFlag(SessionFlag.DDL);
      store.append(List.of(), List.of(summary), List.of());
      assertThat(store.sessions(SessionQuery.all(10))).containsExactly(summary);
    }
    assertThat(userVersion()).isEqualTo(5);
  }

  @Test
  void newFileHasTheCurrentVersionAndSixteenKibPagesWhileAMigratedFileKeepsItsPages() throws Exception {
    SqliteAuditStore.open(file, json).close();
    assertThat(userVersion()).isEqualTo(5);
    assertThat(pageSize()).isEqualTo(16_384);

    file = file.resolveSibling("old-" + file.getFileName());
    for (String suffix : new String[] {"", "-wal", "-shm"}) {
      java.nio.file.Files.deleteIfExists(Path.of(file + suffix));
    }
    writeOldFile(2, session("s1", "SELECT 1"), null);
    int oldPageSize = pageSize();
    SqliteAuditStore.open(file, json).close();
    assertThat(pageSize()).isEqualTo(oldPageSize).isNotEqualTo(16_384);
  }

  /** Unpacks the gzipped store file {@code resource} (written by an older auditor) into {@link #file}. */
  private void copyFixture(String resource) throws java.io.IOException {
    try (var in = new java.util.zip.GZIPInputStream(
        java.util.Objects.requireNonNull(getClass().getResourceAsStream(resource), resource))) {
      java.nio.file.Files.copy(in, file);
    }
  }

  private int pageSize() throws SQLException {
    return pragma("page_size");
  }

  /**
   * {@code store/audit-v3.db.gz} was written by the version-3 auditor (at c3856bc, through its
   * {@code IngestProcessor}): session v3-a (statement 1 with two results, the first "UPDATE 1"; statement 2
   * failed, non-ASCII text; statement 3 a function call; statement 4 without a result; a session end),
   * session v3-b with a gap (a chain alert, flags CHAIN_BROKEN and DDL) and the auditor's alert event.
   */
  @Test
  void versionThreeFileWrittenByTheVersionThreeAuditorKeepsItsStatementsResultsAndSummaries() throws Exception {
    copyFixture("/store/audit-v3.db.gz");
    assertThat(userVersion()).isEqualTo(3);

    try (SqliteAuditStore store = SqliteAuditStore.open(file, json)) {
      assertThat(store.count()).isEqualTo(14);
      List<StatementHit> invoices = store.searchStatements(StatementQuery.text("invoices", 10));
      assertThat(invoices).extracting(StatementHit::statementId).containsExactly(2L, 1L);
      assertThat(invoices.get(0).sql()).isEqualTo("INSERT INTO invoices (note) VALUES ('Überweisung')");
      assertThat(invoices.get(0).result())
          .isEqualTo(new StatementResult(null, null, 90, "23505", "doppelter Schlüsselwert: Überweisung"));
      assertThat(invoices.get(1).sql()).isEqualTo("UPDATE invoices SET paid = true WHERE id = 7");
      assertThat(invoices.get(1).result()).isEqualTo(new StatementResult("UPDATE 1", 1L, 250, null, null));
      assertThat(invoices.get(1).principal()).isEqualTo("alice");
      assertThat(store.searchStatements(StatementQuery.text("CAFE", 10))).singleElement().satisfies(hit -> {
        assertThat(hit.sql()).isEqualTo("SELECT 'Café' FROM menü");
        assertThat(hit.result()).isNull();
      });
      assertThat(store.sessionStatements("v3-a")).extracting(StatementHit::statementId, StatementHit::sql)
          .containsExactly(tuple(1L, "UPDATE invoices SET paid = true WHERE id = 7"),
              tuple(2L, "INSERT INTO invoices (note) VALUES ('Überweisung')"),
              tuple(3L, null),
              tuple(4L, "SELECT 'Café' FROM menü"));
      assertThat(store.sessionStatements("v3-a").get(2).result())
          .isEqualTo(new StatementResult("SELECT 1", 1L, 40, null, null));
      assertThat(store.sessions(new SessionQuery(null, null, null, null, null, SessionFlag.CHAIN_BROKEN, null, 10)))
          .extracting(SessionSummary::session).containsExactly("v3-b");
      assertThat(store.sessions(new SessionQuery(null, null, null, null, null, null, "ledger", 10)))
          .extracting(SessionSummary::session).containsExactly("v3-b");
      assertThat(store.summary("v3-a")).hasValueSatisfying(s -> assertThat(s.endedAt()).isNotNull());
      assertThat(store.alerts("v3-b")).extracting(AuditAlert::kind).containsExactly("gap");
      List<StoredEvent> exported = store.events(new EventQuery(null, null, null, 100, null)).events();
      assertThat(exported).hasSize(14);
      assertThat(exported).allSatisfy(e -> assertThat(json.read(e.line()))
          .isInstanceOf(dev.jitgate.audit.event.ParseResult.Ok.class));

      // the migrated file takes new events
      ChainBuilder chain = new ChainBuilder(new SessionContext("v3-c", "proxy-1", "carol", "grant-c", "orders",
          "app", "jit_carol"), ids, clock, json);
      List<AuditEvent> more = List.of(chain.append(Statement.simple(1, "SELECT * FROM menü WHERE price > 3")),
          chain.append(StatementDone.ok(1, "SELECT 9", 9L, 70)));
      assertThat(store.append(more)).isEqualTo(new IngestResult(2, 0));
      assertThat(store.searchStatements(StatementQuery.text("menü", 10))).extracting(StatementHit::session,
          h -> h.result() == null ? null : h.result().commandTag())
          .containsExactly(tuple("v3-c", "SELECT 9"),
              tuple("v3-a", null));
    }
    assertThatTheFileIsCurrentAndIntact();
    try (Connection raw = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
        java.sql.Statement sql = raw.createStatement()) {
      try (ResultSet rs = sql.executeQuery("SELECT count(*) FROM sqlite_schema WHERE name = 'statement_results'"
          + " OR sql LIKE '%sql TEXT%'")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getInt(1)).as("the second copies of the SQL and the results are gone").isZero();
      }
    }
  }

  /**
   * {@code store/audit-v4.db.gz} was written by the version-4 auditor (at 5e9d49c, through its
   * {@code IngestProcessor}), two sessions interleaved in one batch: v4-a (statement 1 "SELECT 1", statement 2
   * failed with non-ASCII text, a session end) and v4-b (statement 1 "UPDATE 12", statement 2 without a result).
   * Version 5 indexes them by session keys: every per-session query and the results of the search still find
   * them, and new events of a migrated session get its existing key.
   */
  @Test
  void versionFourFileWrittenByTheVersionFourAuditorIsFoundBySessionKeys() throws Exception {
    copyFixture("/store/audit-v4.db.gz");
    assertThat(userVersion()).isEqualTo(4);

    try (SqliteAuditStore store = SqliteAuditStore.open(file, json)) {
      assertThat(store.count()).isEqualTo(8);
      assertThat(store.sessionEvents("v4-a")).extracting(StoredEvent::seq, StoredEvent::type).containsExactly(
          tuple(1L, "statement"), tuple(2L, "statement.done"), tuple(3L, "statement"), tuple(4L, "statement.done"),
          tuple(5L, "session.end"));
      assertThat(store.sessionStatements("v4-a")).extracting(StatementHit::statementId, StatementHit::result)
          .containsExactly(tuple(1L, new StatementResult("SELECT 1", 1L, 120, null, null)),
              tuple(2L, new StatementResult(null, null, 90, "23505", "doppelter Schlüsselwert")));
      assertThat(store.sessionStatements("v4-b")).extracting(StatementHit::statementId, h -> h.result() == null
          ? null : h.result().commandTag())
          .containsExactly(tuple(1L, "UPDATE 12"), tuple(2L, null));
      assertThat(store.searchStatements(StatementQuery.text("ledger", 10))).singleElement()
          .satisfies(hit -> assertThat(hit.result().rows()).isEqualTo(12L));
      assertThat(store.lastEvent("v4-b")).hasValueSatisfying(e -> assertThat(e.seq()).isEqualTo(3));
      assertThat(store.events(new EventQuery(null, null, "v4-b", 100, null)).events())
          .extracting(StoredEvent::seq).containsExactly(1L, 2L, 3L);
      assertThat(store.summary("v4-b")).hasValueSatisfying(s -> assertThat(s.principal()).isEqualTo("bob"));

      // the migrated session v4-b goes on: its next events keep its key, a new session gets a new one
      StoredEvent last = store.lastEvent("v4-b").orElseThrow();
      AuditEvent lastEvent = ((dev.jitgate.audit.event.ParseResult.Ok) json.read(last.line())).event();
      ChainBuilder b = new ChainBuilder(new SessionContext("v4-b", "proxy-2", "bob", "grant-b", "ledger", "app",
          "jit_bob"), ids, clock, json, new dev.jitgate.audit.event.ChainLink(last.seq(), json.hash(lastEvent)));
      List<AuditEvent> more = new ArrayList<>(List.of(b.append(StatementDone.ok(2, "SELECT 1", 1L, 60_000_000))));
      more.addAll(session("v4-c", "SELECT 1 FROM ledger"));
      assertThat(store.append(more)).isEqualTo(new IngestResult(more.size(), 0));
      assertThat(store.sessionStatements("v4-b")).extracting(h -> h.result() == null ? null : h.result().commandTag())
          .containsExactly("UPDATE 12", "SELECT 1");
      assertThat(store.sessionEvents("v4-c")).hasSize(3);
    }
    assertThatTheFileIsCurrentAndIntact();
  }

  @Test
  void fileOfANewerVersionIsRefusedNamingTheFile() throws Exception {
    SqliteAuditStore.open(file, json).close();
    try (Connection raw = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
        java.sql.Statement sql = raw.createStatement()) {
      sql.execute("PRAGMA user_version = 6");
    }

    assertThatThrownBy(() -> SqliteAuditStore.open(file, json)).isInstanceOf(AuditStoreException.class)
        .hasMessageContaining(file.toString())
        .rootCause().hasMessageContaining("schema version 6 is newer than this auditor's 5");
  }

  /**
   * The file is at the current schema version, both SQLite's and FTS5's integrity checks pass, and every event
   * has the key of its own session (one key per session of the events).
   */
  private void assertThatTheFileIsCurrentAndIntact() throws Exception {
    assertThat(userVersion()).isEqualTo(5);
    try (Connection raw = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
        java.sql.Statement sql = raw.createStatement()) {
      try (ResultSet rs = sql.executeQuery("SELECT count(*) FROM events e LEFT JOIN session_keys k"
          + " ON k.key = e.session_key WHERE k.session IS NOT e.session")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getInt(1)).as("events without their session's key").isZero();
      }
      try (ResultSet rs = sql.executeQuery("SELECT count(DISTINCT session), count(DISTINCT session_key) FROM events")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getInt(2)).as("one key per session of the events").isEqualTo(rs.getInt(1));
      }
      sql.execute("INSERT INTO statement_fts (statement_fts, rank) VALUES ('integrity-check', 1)");
      try (ResultSet rs = sql.executeQuery("PRAGMA integrity_check")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isEqualTo("ok");
      }
    }
  }
}
