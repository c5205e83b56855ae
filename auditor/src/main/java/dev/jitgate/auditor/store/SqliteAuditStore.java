package dev.jitgate.auditor.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jitgate.audit.event.AuditEvent;
import dev.jitgate.audit.event.AuditEventJson;
import dev.jitgate.audit.event.Envelope;
import dev.jitgate.audit.event.ParseResult;
import dev.jitgate.audit.event.Statement;
import dev.jitgate.audit.event.StatementDone;
import dev.jitgate.auditor.session.SessionFlag;
import dev.jitgate.auditor.session.SessionSummary;
import dev.jitgate.auditor.session.SessionSummaryJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded {@link AuditStore}: one SQLite file in WAL mode with {@code synchronous=FULL} (an append
 * that returned survives a crash), one transaction per {@link #append}. Events keep their canonical JSON
 * line (the only copy of their SQL and results); {@code statement} events are also indexed in a
 * contentless FTS5 table over their SQL, and {@code statement.done} events by session and statement id;
 * session summaries (JSON plus indexed filter columns and a flag side table) and alerts are written in the
 * same transaction as the events by {@link #append(List, List, List)}. The schema is versioned with
 * {@code PRAGMA user_version}; a file of an older version is migrated in place when opened (every new file
 * is created by the same steps). Three connections: the writer (appends, one at a time), a reader (queries, serialised by this
 * object's monitor; it sees committed data only, so queries neither wait for an append nor see one in
 * progress) and a {@link WalCheckpointer} that moves WAL checkpoints and their fsyncs off the writer's
 * commits. This object must be the file's only writer (it
 * assigns the row keys).
 */
public final class SqliteAuditStore implements AuditStore {

  private static final Logger LOG = LoggerFactory.getLogger(SqliteAuditStore.class);

  private static final int SCHEMA_VERSION = 5;

  /**
   * Version 1. Every envelope field is a column; indexes exist only for the queries below (by session,
   * export order, statement time, FTS), since each one costs ingest throughput: add one with the query
   * that needs it, as a new schema version. (Package-private, as the tests build files of older versions.)
   */
  static final List<String> SCHEMA_V1 = List.of(
      """
      CREATE TABLE events (
        pk INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        session TEXT NOT NULL,
        seq INTEGER NOT NULL,
        type TEXT NOT NULL,
        time_us INTEGER NOT NULL,
        principal TEXT,
        grant_id TEXT,
        integration TEXT,
        database_name TEXT,
        line TEXT NOT NULL)""",
      "CREATE INDEX events_session_seq ON events (session, seq)",
      "CREATE INDEX events_export ON events (time_us, session, seq, id)",
      """
      CREATE TABLE statements (
        pk INTEGER PRIMARY KEY REFERENCES events (pk),
        session TEXT NOT NULL,
        statement_id INTEGER NOT NULL,
        time_us INTEGER NOT NULL,
        principal TEXT,
        integration TEXT,
        database_name TEXT,
        sql TEXT)""",
      "CREATE INDEX statements_time ON statements (time_us)",
      """
      CREATE VIRTUAL TABLE statement_fts USING fts5 (
        sql, content = 'statements', content_rowid = 'pk', tokenize = 'unicode61')""",
      """
      CREATE TABLE statement_results (
        session TEXT NOT NULL,
        statement_id INTEGER NOT NULL,
        pk INTEGER NOT NULL REFERENCES events (pk),
        command_tag TEXT,
        rows INTEGER,
        duration_us INTEGER NOT NULL,
        sqlstate TEXT,
        error TEXT,
        PRIMARY KEY (session, statement_id))""");

  /**
   * Version 2: one row per session with its summary as JSON ({@link SessionSummaryJson}) and the filtered
   * fields as indexed columns, the session flags as a side table (filter by flag), and the alerts.
   */
  static final List<String> SCHEMA_V2 = List.of(
      """
      CREATE TABLE sessions (
        session TEXT PRIMARY KEY,
        principal TEXT,
        integration TEXT,
        database_name TEXT,
        started_us INTEGER,
        ended_us INTEGER,
        summary TEXT NOT NULL)""",
      "CREATE INDEX sessions_started ON sessions (started_us)",
      "CREATE INDEX sessions_ended ON sessions (ended_us)",
      "CREATE INDEX sessions_principal ON sessions (principal, started_us)",
      "CREATE INDEX sessions_integration ON sessions (integration, started_us)",
      "CREATE INDEX sessions_database ON sessions (database_name, started_us)",
      """
      CREATE TABLE session_flags (
        session TEXT NOT NULL,
        flag TEXT NOT NULL,
        PRIMARY KEY (session, flag)) WITHOUT ROWID""",
      "CREATE INDEX session_flags_flag ON session_flags (flag)",
      """
      CREATE TABLE alerts (
        pk INTEGER PRIMARY KEY,
        session TEXT NOT NULL,
        kind TEXT NOT NULL,
        seq INTEGER NOT NULL,
        detected_us INTEGER NOT NULL,
        detail TEXT NOT NULL)""",
      "CREATE INDEX alerts_session ON alerts (session, pk)");

  /**
   * Version 3, narrower for ingest throughput: a statement is its {@code events} row (which gains the
   * statement id and SQL; the {@code statements} copy of the session, time, principal, integration,
   * database and SQL is gone), FTS5 indexes {@code events.sql} (external content, no per-row size table),
   * the export order uses an index on the time alone (ties are sorted per page), and the results are one
   * b-tree keyed by session and statement id. Existing rows are carried over and the FTS index rebuilt.
   */
  static final List<String> SCHEMA_V3 = List.of(
      "ALTER TABLE events ADD COLUMN statement_id INTEGER",
      "ALTER TABLE events ADD COLUMN sql TEXT",
      """
      UPDATE events SET statement_id = s.statement_id, sql = s.sql
        FROM statements s WHERE s.pk = events.pk""",
      "DROP TABLE statement_fts",
      "DROP TABLE statements",
      """
      CREATE VIRTUAL TABLE statement_fts USING fts5 (
        sql, content = 'events', content_rowid = 'pk', tokenize = 'unicode61', columnsize = 0)""",
      """
      INSERT INTO statement_fts (rowid, sql)
        SELECT pk, sql FROM events WHERE type = 'statement' ORDER BY pk""",
      """
      CREATE TABLE statement_results_v3 (
        session TEXT NOT NULL,
        statement_id INTEGER NOT NULL,
        pk INTEGER NOT NULL REFERENCES events (pk),
        command_tag TEXT,
        rows INTEGER,
        duration_us INTEGER NOT NULL,
        sqlstate TEXT,
        error TEXT,
        PRIMARY KEY (session, statement_id)) WITHOUT ROWID""",
      """
      INSERT INTO statement_results_v3
        SELECT session, statement_id, pk, command_tag, rows, duration_us, sqlstate, error
        FROM statement_results""",
      "DROP TABLE statement_results",
      "ALTER TABLE statement_results_v3 RENAME TO statement_results",
      "DROP INDEX events_export",
      "CREATE INDEX events_time ON events (time_us)");

  /**
   * Version 4, fewer bytes and b-trees per event: the SQL is stored once, in the event's line (the
   * {@code events.sql} copy is dropped; the FTS5 table is contentless, fed the SQL by the writer, and a hit's
   * SQL is read from its line), and a result is found through its {@code statement.done} event, which now
   * carries the statement id and is indexed by session and statement id (the {@code statement_results}
   * table, a second copy of the result, is dropped; the result is read from the first such event's line).
   * Existing rows are carried over: the results' statement ids move to their events and the FTS index is
   * rebuilt.
   */
  static final List<String> SCHEMA_V4 = List.of(
      "DROP TABLE statement_fts",
      """
      CREATE VIRTUAL TABLE statement_fts USING fts5 (
        sql, content = '', tokenize = 'unicode61', columnsize = 0)""",
      // merge 8 segments of a level instead of 4: the merges at the commits rewrite the index less often
      "INSERT INTO statement_fts (statement_fts, rank) VALUES ('automerge', 8)",
      """
      INSERT INTO statement_fts (rowid, sql)
        SELECT pk, sql FROM events WHERE type = 'statement' AND sql IS NOT NULL ORDER BY pk""",
      "ALTER TABLE events DROP COLUMN sql",
      """
      UPDATE events SET statement_id = r.statement_id
        FROM statement_results r WHERE r.pk = events.pk AND events.type = 'statement.done'""",
      "DROP TABLE statement_results",
      "CREATE INDEX events_result ON events (session, statement_id) WHERE type = 'statement.done'");

  /**
   * Version 5, smaller and more local per-session index entries: every session gets an integer key in
   * {@code session_keys}, in the order it is first seen ({@link SessionKeys}), and the events table indexes its
   * events by that key instead of the 36-character session id (by key and seq, and the results by key and
   * statement id). The session id column stays as it was, unindexed; queries by session look its key up first.
   * Existing events get the keys of their sessions in the order of their first event.
   */
  static final List<String> SCHEMA_V5 = List.of(
      "CREATE TABLE session_keys (key INTEGER PRIMARY KEY, session TEXT NOT NULL UNIQUE)",
      "INSERT INTO session_keys (session) SELECT session FROM events GROUP BY session ORDER BY min(pk)",
      "ALTER TABLE events ADD COLUMN session_key INTEGER",
      "UPDATE events SET session_key = (SELECT k.key FROM session_keys k WHERE k.session = events.session)",
      "DROP INDEX events_session_seq",
      "DROP INDEX events_result",
      "CREATE INDEX events_session_seq ON events (session_key, seq)",
      "CREATE INDEX events_result ON events (session_key, statement_id) WHERE type = 'statement.done'");

  /** The key of the session given as the next parameter (NULL when it has none, so nothing matches). */
  private static final String KEY_OF_SESSION = "(SELECT key FROM session_keys WHERE session = ?)";

  /** The statement events s of a page of hits, by key and sort columns only (see {@link #hitQuery}). */
  private static final String HIT_PAGE = "SELECT s.pk, s.time_us, s.seq, s.id FROM events s";

  /**
   * A query of {@link StatementHit}s: {@code page} selects the keys p of a page of statement events
   * ({@link #HIT_PAGE}, a filter, an order and a limit; without the lines, which the sort would otherwise
   * copy for every match), then each is joined with its event e and the line of its result r, the first
   * {@code statement.done} event of the same session and statement id, and sorted by {@code order} (of p).
   * The SQL and the result are read from the lines.
   */
  private static String hitQuery(String page, String order) {
    return """
        SELECT e.id, e.session, e.seq, e.statement_id, e.time_us, e.principal, e.integration,
               e.database_name, e.line, r.line
        FROM (%s) p
        JOIN events e ON e.pk = p.pk
        LEFT JOIN events r ON r.pk = (SELECT min(d.pk) FROM events d
          WHERE d.session_key = e.session_key AND d.statement_id = e.statement_id AND d.type = 'statement.done')
        ORDER BY %s""".formatted(page, order);
  }

  private static final String EVENT_COLUMNS =
      "id, session, seq, type, time_us, principal, grant_id, integration, database_name, line";

  /** A session's events from one seq to another (parameters: session, from, to). */
  static final String SESSION_EVENTS = "SELECT " + EVENT_COLUMNS + " FROM events WHERE session_key = "
      + KEY_OF_SESSION + " AND seq BETWEEN ? AND ? ORDER BY seq, id";

  /** A session's last event (parameter: session). */
  static final String LAST_EVENT = "SELECT " + EVENT_COLUMNS + " FROM events WHERE session_key = "
      + KEY_OF_SESSION + " ORDER BY seq DESC, id DESC LIMIT 1";

  /** A page of a session's statements with their results (parameters: session, after seq, limit). */
  static final String SESSION_STATEMENTS = hitQuery(HIT_PAGE
      + " WHERE s.session_key = " + KEY_OF_SESSION + " AND s.seq > ? AND s.type = 'statement'"
      + " ORDER BY s.seq, s.id LIMIT ?", "p.seq, p.id");

  /** Checkpoint at most this often (while appends arrive). */
  private static final long CHECKPOINT_INTERVAL_MILLIS = 500;
  /** WAL bytes above which the checkpointer also rewinds the WAL: 64 MiB, as frames of the file's page size. */
  private static final long CHECKPOINT_RESTART_BYTES = 64L << 20;
  /**
   * Page size of a new file: 16 KiB instead of SQLite's 4 KiB, as an event row (its canonical line) takes a
   * good part of a 4 KiB page, so fewer pages are allocated, balanced and written to the WAL per batch
   * (measured: ~10 % less writer CPU per batch). An existing file keeps the page size it was created with.
   */
  private static final int NEW_FILE_PAGE_SIZE = 16_384;

  private final Connection writer;
  private final Connection connection;
  private final WalCheckpointer checkpointer;
  private final ReentrantLock writeLock = new ReentrantLock();
  private final AuditEventJson json;
  private final PreparedStatement insertEvent;
  private final PreparedStatement insertFts;
  private final PreparedStatement upsertSummary;
  private final PreparedStatement updateSummary;
  private final PreparedStatement deleteFlags;
  private final PreparedStatement insertFlag;
  private final PreparedStatement insertAlert;
  private final SessionKeys sessionKeys;
  private final SessionSummaryJson summaryJson = new SessionSummaryJson();
  /** Reads stored lines that {@link #json} does not accept (see {@link #sqlOf}). */
  private final ObjectMapper lenient = new ObjectMapper();
  private volatile boolean closed;

  private SqliteAuditStore(Connection writer, Connection reader, WalCheckpointer checkpointer, AuditEventJson json)
      throws SQLException {
    this.writer = writer;
    this.connection = reader;
    this.checkpointer = checkpointer;
    this.json = json;
    Connection connection = writer;
    this.insertEvent = connection.prepareStatement("INSERT INTO events (pk, " + EVENT_COLUMNS
        + ", statement_id, session_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING");
    this.sessionKeys = new SessionKeys(connection);
    this.insertFts = connection.prepareStatement("INSERT INTO statement_fts (rowid, sql) VALUES (?, ?)");
    this.upsertSummary = connection.prepareStatement("INSERT INTO sessions (session, principal, integration,"
        + " database_name, started_us, ended_us, summary) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (session)"
        + " DO UPDATE SET principal = excluded.principal, integration = excluded.integration,"
        + " database_name = excluded.database_name, started_us = excluded.started_us,"
        + " ended_us = excluded.ended_us, summary = excluded.summary");
    // the common case: only the summary changed, so no index of the table is touched
    this.updateSummary = connection.prepareStatement("UPDATE sessions SET summary = ? WHERE session = ?"
        + " AND principal IS ? AND integration IS ? AND database_name IS ? AND started_us IS ? AND ended_us IS ?");
    // the second parameter lists the flags to keep: ",NAME,NAME,"
    this.deleteFlags = connection.prepareStatement(
        "DELETE FROM session_flags WHERE session = ? AND instr(?, ',' || flag || ',') = 0");
    this.insertFlag = connection.prepareStatement("INSERT OR IGNORE INTO session_flags (session, flag) VALUES (?, ?)");
    this.insertAlert = connection.prepareStatement(
        "INSERT INTO alerts (session, kind, seq, detected_us, detail) VALUES (?, ?, ?, ?, ?)");
  }

  /**
   * Opens (creating or migrating when needed) the store in {@code file}; its directory is created.
   *
   * @throws AuditStoreException when the file cannot be opened, or was written by a newer schema
   */
  public static SqliteAuditStore open(Path file, AuditEventJson json) {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(json, "json");
    Connection connection = null;
    Connection reader = null;
    Connection checkpoints = null;
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      String url = "jdbc:sqlite:" + file.toAbsolutePath();
      // BEGIN IMMEDIATE: an append takes the write lock when it starts (waiting up to busy_timeout for a
      // restarting checkpoint), instead of upgrading a read transaction, which SQLite refuses at once.
      java.util.Properties immediate = new java.util.Properties();
      immediate.setProperty("transaction_mode", "IMMEDIATE");
      connection = DriverManager.getConnection(url, immediate);
      configure(connection);
      migrate(connection, file);
      reader = DriverManager.getConnection(url);
      configureOther(reader);
      checkpoints = DriverManager.getConnection(url);
      configureOther(checkpoints);
      WalCheckpointer checkpointer = new WalCheckpointer(checkpoints, "audit-store-checkpoint",
          CHECKPOINT_INTERVAL_MILLIS, CHECKPOINT_RESTART_BYTES / pageSize(connection));
      try {
        return new SqliteAuditStore(connection, reader, checkpointer, json);
      } catch (SQLException | RuntimeException e) {
        checkpoints = null;
        closeQuietly(checkpointer, e);
        throw e;
      }
    } catch (SQLException | java.io.IOException | RuntimeException e) {
      closeQuietly(checkpoints, e);
      closeQuietly(reader, e);
      closeQuietly(connection, e);
      throw e instanceof AuditStoreException a ? a : new AuditStoreException("open " + file, e);
    }
  }

  /** The reader's and the checkpointer's settings (the file is in WAL mode already). */
  private static void configureOther(Connection connection) throws SQLException {
    try (var s = connection.createStatement()) {
      s.execute("PRAGMA busy_timeout = 5000");
      s.execute("PRAGMA synchronous = FULL");
      s.execute("PRAGMA cache_size = -16384");
    }
  }

  private static void configure(Connection connection) throws SQLException {
    try (var s = connection.createStatement()) {
      s.execute("PRAGMA busy_timeout = 5000");
      // takes effect only while the file is empty (before the switch to WAL and the first table)
      s.execute("PRAGMA page_size = " + NEW_FILE_PAGE_SIZE);
      try (ResultSet rs = s.executeQuery("PRAGMA journal_mode = WAL")) {
        if (!rs.next() || !"wal".equalsIgnoreCase(rs.getString(1))) {
          throw new SQLException("journal_mode WAL not available");
        }
      }
      s.execute("PRAGMA synchronous = FULL");
      s.execute("PRAGMA foreign_keys = ON");
      // 32 MiB of page cache (the default is 2 MiB): the index and FTS pages that every batch touches stay
      // in memory as the file grows. Memory only; durability is unchanged.
      s.execute("PRAGMA cache_size = -32768");
      // No checkpoints on the writer's commits: the WalCheckpointer runs them from its own connection, so
      // copying pages to the database file and its fsyncs leave the ingest path. Every commit still fsyncs
      // the WAL (synchronous=FULL).
      s.execute("PRAGMA wal_autocheckpoint = 0");
      s.execute("PRAGMA journal_size_limit = 67108864");
    }
  }

  private static int pageSize(Connection connection) throws SQLException {
    try (var s = connection.createStatement(); ResultSet rs = s.executeQuery("PRAGMA page_size")) {
      return rs.next() ? rs.getInt(1) : 4096;
    }
  }

  private static void migrate(Connection connection, Path file) throws SQLException {
    int version;
    try (var s = connection.createStatement(); ResultSet rs = s.executeQuery("PRAGMA user_version")) {
      version = rs.next() ? rs.getInt(1) : 0;
    }
    if (version > SCHEMA_VERSION) {
      throw new SQLException("schema version " + version + " is newer than this auditor's " + SCHEMA_VERSION
          + ": open the file with the auditor version that wrote it, or a newer one");
    }
    if (version == SCHEMA_VERSION) {
      return;
    }
    long started = System.nanoTime();
    if (version > 0) {
      LOG.warn("audit store {}: migrating from schema version {} to {}; this rewrites the events table and may take"
          + " minutes on a large file (about 1 s per 100,000 events measured)", file, version, SCHEMA_VERSION);
    }
    connection.setAutoCommit(false);
    try (var s = connection.createStatement()) {
      if (version < 1) {
        for (String ddl : SCHEMA_V1) {
          s.execute(ddl);
        }
      }
      if (version < 2) {
        for (String ddl : SCHEMA_V2) {
          s.execute(ddl);
        }
      }
      if (version < 3) {
        for (String ddl : SCHEMA_V3) {
          s.execute(ddl);
        }
      }
      if (version < 4) {
        for (String ddl : SCHEMA_V4) {
          s.execute(ddl);
        }
      }
      if (version < 5) {
        for (String ddl : SCHEMA_V5) {
          s.execute(ddl);
        }
      }
      s.execute("PRAGMA user_version = " + SCHEMA_VERSION);
      connection.commit();
      if (version > 0) {
        LOG.info("audit store {}: migrated to schema version {} in {} ms", file, SCHEMA_VERSION,
            (System.nanoTime() - started) / 1_000_000);
      }
    } catch (SQLException e) {
      connection.rollback();
      throw e;
    } finally {
      connection.setAutoCommit(true);
    }
  }

  @Override
  public IngestResult append(List<AuditEvent> events) {
    return append(events, List.of(), List.of());
  }

  @Override
  public IngestResult append(List<AuditEvent> events, List<SessionSummary> summaries, List<AuditAlert> alerts) {
    return append(events, null, summaries, alerts);
  }

  @Override
  public IngestResult append(List<AuditEvent> events, List<String> canonicalLines,
      List<SessionSummary> summaries, List<AuditAlert> alerts) {
    Objects.requireNonNull(events, "events");
    if (canonicalLines != null && canonicalLines.size() != events.size()) {
      throw new IllegalArgumentException("canonicalLines: must have one line per event");
    }
    Objects.requireNonNull(summaries, "summaries");
    Objects.requireNonNull(alerts, "alerts");
    try (Append append = begin()) {
      append.add(events, canonicalLines);
      return append.commit(summaries, alerts);
    }
  }

  /**
   * Starts a transaction on the writer connection, held (with the writer) by the calling thread until the
   * append is committed or closed. Queries meanwhile see the committed data only.
   */
  @Override
  public Append begin() {
    ensureOpen();
    writeLock.lock();
    try {
      ensureOpen();
      writer.setAutoCommit(false);
      return new SqliteAppend(nextPk());
    } catch (SQLException | RuntimeException e) {
      try {
        writer.setAutoCommit(true);
      } catch (SQLException suppressed) {
        e.addSuppressed(suppressed);
      } finally {
        writeLock.unlock();
      }
      throw e instanceof SQLException ? new AuditStoreException("append", e) : (RuntimeException) e;
    }
  }

  /** One transaction of the writer connection. */
  private final class SqliteAppend implements Append {
    private long nextPk;
    private int added;
    private int stored;
    private boolean done;

    SqliteAppend(long firstPk) {
      this.nextPk = firstPk;
    }

    @Override
    public void add(List<AuditEvent> events, List<String> canonicalLines) {
      Objects.requireNonNull(events, "events");
      if (canonicalLines != null && canonicalLines.size() != events.size()) {
        throw new IllegalArgumentException("canonicalLines: must have one line per event");
      }
      for (AuditEvent event : events) {
        Objects.requireNonNull(event, "events: must not contain null");
      }
      ensureActive();
      if (events.isEmpty()) {
        return;
      }
      try {
        stored += insertAll(nextPk, events, canonicalLines);
        nextPk += events.size();
        added += events.size();
      } catch (SQLException | RuntimeException e) {
        throw fail(e);
      }
    }

    @Override
    public IngestResult commit(List<SessionSummary> summaries, List<AuditAlert> alerts) {
      return commit(summaries, null, alerts);
    }

    @Override
    public IngestResult commit(List<SessionSummary> summaries, List<String> summaryTexts, List<AuditAlert> alerts) {
      Objects.requireNonNull(summaries, "summaries");
      Objects.requireNonNull(alerts, "alerts");
      if (summaryTexts != null && summaryTexts.size() != summaries.size()) {
        throw new IllegalArgumentException("summaryTexts: must have one text per summary");
      }
      for (SessionSummary summary : summaries) {
        Objects.requireNonNull(summary, "summaries: must not contain null");
      }
      for (AuditAlert alert : alerts) {
        Objects.requireNonNull(alert, "alerts: must not contain null");
      }
      ensureActive();
      try {
        if (!summaries.isEmpty()) {
          upsertSummaries(summaries, summaryTexts);
        }
        if (!alerts.isEmpty()) {
          insertAlerts(alerts);
        }
        writer.commit();
      } catch (SQLException | RuntimeException e) {
        throw fail(e);
      }
      sessionKeys.committed();
      finish();
      checkpointer.committed();
      return new IngestResult(stored, added - stored);
    }

    @Override
    public void close() {
      if (done) {
        return;
      }
      RuntimeException failure = rollback();
      if (failure != null) {
        throw failure;
      }
    }

    private void ensureActive() {
      if (done) {
        throw new IllegalStateException("append already committed or closed");
      }
    }

    /** Rolls back after {@code e} and returns the exception to throw. */
    private RuntimeException fail(Exception e) {
      RuntimeException thrown = e instanceof RuntimeException r ? r : new AuditStoreException("append", e);
      RuntimeException failure = rollback();
      if (failure != null) {
        thrown.addSuppressed(failure);
      }
      return thrown;
    }

    /** Discards the transaction and releases the writer; returns what went wrong doing so, or null. */
    private RuntimeException rollback() {
      RuntimeException failure = null;
      try {
        for (PreparedStatement ps : List.of(insertEvent, insertFts, upsertSummary, updateSummary,
            deleteFlags, insertFlag, insertAlert)) {
          ps.clearBatch();
        }
        writer.rollback();
      } catch (SQLException e) {
        failure = new AuditStoreException("append rollback", e);
      } finally {
        sessionKeys.rolledBack();
      }
      RuntimeException released = finish();
      if (released != null) {
        if (failure == null) {
          failure = released;
        } else {
          failure.addSuppressed(released);
        }
      }
      return failure;
    }

    /** Back to auto-commit, and the writer released (once). */
    private RuntimeException finish() {
      if (done) {
        return null;
      }
      done = true;
      try {
        writer.setAutoCommit(true);
        return null;
      } catch (SQLException e) {
        return new AuditStoreException("append", e);
      } finally {
        writeLock.unlock();
      }
    }
  }

  /**
   * Replaces the summaries: a session whose indexed columns are unchanged gets only its JSON rewritten (no
   * index entry moves); the others are upserted. Flags no longer set are deleted and the set ones inserted
   * unless present, so unchanged flags write nothing.
   */
  private void upsertSummaries(List<SessionSummary> summaries, List<String> summaryTexts) throws SQLException {
    List<String> texts = new ArrayList<>(summaries.size());
    for (int i = 0; i < summaries.size(); i++) {
      SessionSummary s = summaries.get(i);
      String text = summaryTexts == null ? summaryJson.write(s) : Objects.requireNonNull(summaryTexts.get(i), "text");
      texts.add(text);
      updateSummary.setString(1, text);
      updateSummary.setString(2, s.session());
      updateSummary.setString(3, s.principal());
      updateSummary.setString(4, s.integration());
      updateSummary.setString(5, s.database());
      setLong(updateSummary, 6, s.startedAt() == null ? null : micros(s.startedAt()));
      setLong(updateSummary, 7, s.endedAt() == null ? null : micros(s.endedAt()));
      updateSummary.addBatch();
      StringBuilder kept = new StringBuilder(",");
      for (SessionFlag flag : s.flags()) {
        kept.append(flag.name()).append(',');
        insertFlag.setString(1, s.session());
        insertFlag.setString(2, flag.name());
        insertFlag.addBatch();
      }
      deleteFlags.setString(1, s.session());
      deleteFlags.setString(2, kept.toString());
      deleteFlags.addBatch();
    }
    int[] updated = updateSummary.executeBatch();
    boolean upserts = false;
    for (int i = 0; i < updated.length; i++) {
      if (updated[i] == 0) {
        SessionSummary s = summaries.get(i);
        upsertSummary.setString(1, s.session());
        upsertSummary.setString(2, s.principal());
        upsertSummary.setString(3, s.integration());
        upsertSummary.setString(4, s.database());
        setLong(upsertSummary, 5, s.startedAt() == null ? null : micros(s.startedAt()));
        setLong(upsertSummary, 6, s.endedAt() == null ? null : micros(s.endedAt()));
        upsertSummary.setString(7, texts.get(i));
        upsertSummary.addBatch();
        upserts = true;
      }
    }
    if (upserts) {
      upsertSummary.executeBatch();
    }
    deleteFlags.executeBatch();
    insertFlag.executeBatch();
  }

  private void insertAlerts(List<AuditAlert> alerts) throws SQLException {
    for (AuditAlert a : alerts) {
      insertAlert.setString(1, a.session());
      insertAlert.setString(2, a.kind());
      insertAlert.setLong(3, a.seq());
      insertAlert.setLong(4, micros(a.detectedAt()));
      insertAlert.setString(5, a.detail());
      insertAlert.addBatch();
    }
    insertAlert.executeBatch();
  }

  /**
   * Inserts the events in one batch with primary keys assigned here (this object is the file's only
   * writer), so that the update counts of {@code ON CONFLICT (id) DO NOTHING} tell the new events from
   * duplicates (any other conflict, such as a second writer's key, fails the batch); then the SQL of the new
   * statements into the FTS index. {@code statement} and {@code statement.done} events carry their statement
   * id (a result is found by it).
   */
  private int insertAll(long firstPk, List<AuditEvent> events, List<String> lines) throws SQLException {
    long pk = firstPk;
    for (int i = 0; i < events.size(); i++) {
      AuditEvent event = events.get(i);
      Envelope e = event.envelope();
      insertEvent.setLong(1, pk++);
      insertEvent.setString(2, e.id());
      insertEvent.setString(3, e.session());
      insertEvent.setLong(4, e.seq());
      insertEvent.setString(5, event.type());
      insertEvent.setLong(6, micros(e.time()));
      insertEvent.setString(7, e.principal());
      insertEvent.setString(8, e.grant());
      insertEvent.setString(9, e.integration());
      insertEvent.setString(10, e.database());
      insertEvent.setString(11, lines == null ? json.write(event) : Objects.requireNonNull(lines.get(i), "line"));
      if (event.body() instanceof Statement statement) {
        insertEvent.setLong(12, statement.statementId());
      } else if (event.body() instanceof StatementDone done) {
        insertEvent.setLong(12, done.statementId());
      } else {
        insertEvent.setNull(12, Types.BIGINT);
      }
      insertEvent.setLong(13, sessionKeys.keyOf(e.session()));
      insertEvent.addBatch();
    }
    int[] counts = insertEvent.executeBatch();
    int stored = 0;
    boolean statements = false;
    for (int i = 0; i < counts.length; i++) {
      if (counts[i] == 0) {
        continue;
      }
      stored++;
      if (events.get(i).body() instanceof Statement statement && statement.sql() != null) {
        insertFts.setLong(1, firstPk + i);
        insertFts.setString(2, statement.sql());
        insertFts.addBatch();
        statements = true;
      }
    }
    if (statements) {
      insertFts.executeBatch();
    }
    return stored;
  }

  private long nextPk() throws SQLException {
    try (var s = writer.createStatement();
        ResultSet rs = s.executeQuery("SELECT coalesce(max(pk), 0) + 1 FROM events")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Override
  public synchronized Optional<SessionSummary> summary(String session) {
    requireSession(session);
    ensureOpen();
    try (PreparedStatement ps = connection.prepareStatement("SELECT summary FROM sessions WHERE session = ?")) {
      ps.setString(1, session);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(readSummary(session, rs.getString(1))) : Optional.empty();
      }
    } catch (SQLException e) {
      throw new AuditStoreException("summary", e);
    }
  }

  @Override
  public synchronized List<SessionSummary> sessions(SessionQuery query) {
    Objects.requireNonNull(query, "query");
    ensureOpen();
    String match = query.text() == null ? null : FtsText.match(query.text());
    StringBuilder sql = new StringBuilder("SELECT s.session, s.summary FROM sessions s WHERE 1 = 1");
    List<Object> args = new ArrayList<>();
    filter(sql, args, "s.principal", query.principal());
    filter(sql, args, "s.integration", query.integration());
    filter(sql, args, "s.database_name", query.database());
    if (query.from() != null) {
      sql.append(" AND (s.ended_us IS NULL OR s.ended_us >= ?)");
      args.add(micros(query.from()));
    }
    if (query.to() != null) {
      sql.append(" AND s.started_us < ?");
      args.add(micros(query.to()));
    }
    if (query.flag() != null) {
      sql.append(" AND s.session IN (SELECT f.session FROM session_flags f WHERE f.flag = ?)");
      args.add(query.flag().name());
    }
    if (match != null) {
      sql.append(" AND s.session IN (SELECT st.session FROM events st WHERE st.pk IN"
          + " (SELECT rowid FROM statement_fts WHERE statement_fts MATCH ?))");
      args.add(match);
    }
    sql.append(" ORDER BY s.started_us DESC, s.session DESC LIMIT ?");
    args.add(query.limit());
    try (PreparedStatement ps = connection.prepareStatement(sql.toString())) {
      bind(ps, args);
      List<SessionSummary> summaries = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          summaries.add(readSummary(rs.getString(1), rs.getString(2)));
        }
      }
      return summaries;
    } catch (SQLException e) {
      if (match != null && isFtsSyntaxError(e)) {
        throw new IllegalArgumentException("text: not a searchable text", e);
      }
      throw new AuditStoreException("session search", e);
    }
  }

  @Override
  public List<StatementHit> sessionStatements(String session) {
    return sessionStatements(session, Long.MIN_VALUE, Integer.MAX_VALUE);
  }

  @Override
  public synchronized List<StatementHit> sessionStatements(String session, long afterSeq, int limit) {
    requireSession(session);
    if (limit < 1) {
      throw new IllegalArgumentException("limit: must be at least 1");
    }
    ensureOpen();
    try (PreparedStatement ps = connection.prepareStatement(SESSION_STATEMENTS)) {
      ps.setString(1, session);
      ps.setLong(2, afterSeq);
      ps.setInt(3, limit);
      return readHits(ps);
    } catch (SQLException e) {
      throw new AuditStoreException("session statements", e);
    }
  }

  @Override
  public synchronized List<StoredEvent> sessionEvents(String session, long fromSeq, long toSeq) {
    requireSession(session);
    ensureOpen();
    try (PreparedStatement ps = connection.prepareStatement(SESSION_EVENTS)) {
      ps.setString(1, session);
      ps.setLong(2, fromSeq);
      ps.setLong(3, toSeq);
      return readEvents(ps);
    } catch (SQLException e) {
      throw new AuditStoreException("session events", e);
    }
  }

  @Override
  public synchronized List<AuditAlert> alerts(String session) {
    if (session != null) {
      requireSession(session);
    }
    ensureOpen();
    String sql = session == null
        ? "SELECT session, kind, seq, detected_us, detail FROM"
            + " (SELECT * FROM alerts ORDER BY pk DESC LIMIT 1000) ORDER BY pk"
        : "SELECT session, kind, seq, detected_us, detail FROM alerts WHERE session = ? ORDER BY pk";
    try (PreparedStatement ps = connection.prepareStatement(sql)) {
      if (session != null) {
        ps.setString(1, session);
      }
      List<AuditAlert> alerts = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          alerts.add(new AuditAlert(rs.getString(1), rs.getString(2), rs.getLong(3), instant(rs.getLong(4)),
              rs.getString(5)));
        }
      }
      return alerts;
    } catch (SQLException e) {
      throw new AuditStoreException("alerts", e);
    }
  }

  @Override
  public synchronized Optional<StoredEvent> lastEvent(String session) {
    requireSession(session);
    ensureOpen();
    try (PreparedStatement ps = connection.prepareStatement(LAST_EVENT)) {
      ps.setString(1, session);
      List<StoredEvent> events = readEvents(ps);
      return events.isEmpty() ? Optional.empty() : Optional.of(events.getFirst());
    } catch (SQLException e) {
      throw new AuditStoreException("last event", e);
    }
  }

  private SessionSummary readSummary(String session, String text) throws SQLException {
    try {
      return summaryJson.read(text);
    } catch (IllegalArgumentException e) {
      throw new SQLException("stored summary of session " + session + " is unreadable: " + e.getMessage(), e);
    }
  }

  private static void requireSession(String session) {
    if (session == null || session.isBlank()) {
      throw new IllegalArgumentException("session: must not be blank");
    }
  }

  @Override
  public List<StoredEvent> sessionEvents(String session) {
    return sessionEvents(session, Long.MIN_VALUE, Long.MAX_VALUE);
  }

  @Override
  public synchronized List<StatementHit> searchStatements(StatementQuery query) {
    Objects.requireNonNull(query, "query");
    ensureOpen();
    String match = query.text() == null ? null : FtsText.match(query.text());
    StringBuilder sql = new StringBuilder(HIT_PAGE + " WHERE s.type = 'statement'");
    List<Object> args = new ArrayList<>();
    if (match != null) {
      sql.append(" AND s.pk IN (SELECT rowid FROM statement_fts WHERE statement_fts MATCH ?)");
      args.add(match);
    }
    filter(sql, args, "s.principal", query.principal());
    filter(sql, args, "s.integration", query.integration());
    filter(sql, args, "s.database_name", query.database());
    if (query.from() != null) {
      sql.append(" AND s.time_us >= ?");
      args.add(micros(query.from()));
    }
    if (query.to() != null) {
      sql.append(" AND s.time_us < ?");
      args.add(micros(query.to()));
    }
    sql.append(" ORDER BY s.time_us DESC, s.pk DESC LIMIT ?");
    args.add(query.limit());
    try (PreparedStatement ps = connection.prepareStatement(hitQuery(sql.toString(), "p.time_us DESC, p.pk DESC"))) {
      bind(ps, args);
      return readHits(ps);
    } catch (SQLException e) {
      if (match != null && isFtsSyntaxError(e)) {
        throw new IllegalArgumentException("text: not a searchable text", e);
      }
      throw new AuditStoreException("statement search", e);
    }
  }

  @Override
  public synchronized EventPage events(EventQuery query) {
    Objects.requireNonNull(query, "query");
    ensureOpen();
    StringBuilder sql = new StringBuilder("SELECT " + EVENT_COLUMNS + " FROM events WHERE 1 = 1");
    List<Object> args = new ArrayList<>();
    if (query.from() != null) {
      sql.append(" AND time_us >= ?");
      args.add(micros(query.from()));
    }
    if (query.to() != null) {
      sql.append(" AND time_us < ?");
      args.add(micros(query.to()));
    }
    if (query.session() != null) {
      sql.append(" AND session_key = ").append(KEY_OF_SESSION);
      args.add(query.session());
    }
    EventCursor after = query.after();
    if (after != null) {
      sql.append(" AND (time_us, session, seq, id) > (?, ?, ?, ?)");
      args.add(micros(after.time()));
      args.add(after.session());
      args.add(after.seq());
      args.add(after.id());
    }
    sql.append(" ORDER BY time_us, session, seq, id LIMIT ?");
    args.add(query.limit() + 1);
    try (PreparedStatement ps = connection.prepareStatement(sql.toString())) {
      bind(ps, args);
      List<StoredEvent> events = readEvents(ps);
      if (events.size() <= query.limit()) {
        return new EventPage(events, null);
      }
      List<StoredEvent> page = events.subList(0, query.limit());
      return new EventPage(page, page.getLast().cursor());
    } catch (SQLException e) {
      throw new AuditStoreException("export", e);
    }
  }

  @Override
  public synchronized long count() {
    ensureOpen();
    try (var s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM events")) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new AuditStoreException("count", e);
    }
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    writeLock.lock();
    try {
      closed = true;
      checkpointer.close();
      connection.close();
      insertEvent.close();
      updateSummary.close();
      insertFts.close();
      upsertSummary.close();
      deleteFlags.close();
      insertFlag.close();
      insertAlert.close();
      sessionKeys.close();
      writer.close();
    } catch (SQLException e) {
      throw new AuditStoreException("close", e);
    } finally {
      writeLock.unlock();
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("audit store is closed");
    }
  }

  /** The hits of a {@link #hitQuery}; the SQL and the result are read from the events' lines. */
  private List<StatementHit> readHits(PreparedStatement ps) throws SQLException {
    List<StatementHit> hits = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        String doneLine = rs.getString(10);
        hits.add(new StatementHit(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4),
            instant(rs.getLong(5)), rs.getString(6), rs.getString(7), rs.getString(8), sqlOf(rs.getString(9)),
            doneLine == null ? null : resultOf(doneLine)));
      }
    }
    return hits;
  }

  /**
   * The SQL of a stored {@code statement} line. A line this version's reader does not accept (written by
   * another version) is read as plain JSON, so that one such line does not fail a search.
   */
  private String sqlOf(String line) throws SQLException {
    if (json.read(line) instanceof ParseResult.Ok ok && ok.event().body() instanceof Statement statement) {
      return statement.sql();
    }
    return plainJson(line).path("sql").textValue();
  }

  /** The result in a stored {@code statement.done} line (read as plain JSON when need be, see {@link #sqlOf}). */
  private StatementResult resultOf(String line) throws SQLException {
    if (json.read(line) instanceof ParseResult.Ok ok && ok.event().body() instanceof StatementDone done) {
      return new StatementResult(done.commandTag(), done.rows(), done.durationMicros(), done.sqlstate(),
          done.error());
    }
    JsonNode done = plainJson(line);
    JsonNode rows = done.path("rows");
    return new StatementResult(done.path("command_tag").textValue(), rows.canConvertToLong() ? rows.longValue() : null,
        done.path("duration_micros").asLong(), done.path("sqlstate").textValue(), done.path("error").textValue());
  }

  private JsonNode plainJson(String line) throws SQLException {
    try {
      return lenient.readTree(line);
    } catch (JsonProcessingException e) {
      throw new SQLException("a stored event line is not JSON", e);
    }
  }

  private static List<StoredEvent> readEvents(PreparedStatement ps) throws SQLException {
    List<StoredEvent> events = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        events.add(new StoredEvent(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4),
            instant(rs.getLong(5)), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9),
            rs.getString(10)));
      }
    }
    return events;
  }

  private static void filter(StringBuilder sql, List<Object> args, String column, String value) {
    if (value != null) {
      sql.append(" AND ").append(column).append(" = ?");
      args.add(value);
    }
  }

  private static void bind(PreparedStatement ps, List<Object> args) throws SQLException {
    for (int i = 0; i < args.size(); i++) {
      ps.setObject(i + 1, args.get(i));
    }
  }

  private static void setLong(PreparedStatement ps, int index, Long value) throws SQLException {
    if (value == null) {
      ps.setNull(index, Types.BIGINT);
    } else {
      ps.setLong(index, value);
    }
  }

  private static long micros(Instant time) {
    return Math.addExact(Math.multiplyExact(time.getEpochSecond(), 1_000_000L), time.getNano() / 1_000);
  }

  private static Instant instant(long micros) {
    return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
  }

  private static boolean isFtsSyntaxError(SQLException e) {
    String message = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
    return message.contains("fts5") || message.contains("syntax error")
        || message.contains("unterminated string") || message.contains("malformed match");
  }

  private static void closeQuietly(AutoCloseable connection, Exception cause) {
    if (connection != null) {
      try {
        connection.close();
      } catch (Exception e) {
        cause.addSuppressed(e);
      }
    }
  }

  /** Turns user text into an FTS5 query with no operators: every word becomes a quoted phrase. */
  static final class FtsText {
    private FtsText() {}

    /**
     * The FTS5 query for {@code text}: its whitespace-separated words, each as a double-quoted string
     * (quotes doubled), ANDed. Control characters (NUL would end the string early) separate words; words
     * without a letter or digit are dropped, as the tokenizer would.
     *
     * @throws IllegalArgumentException when no word is left
     */
    static String match(String text) {
      StringBuilder match = new StringBuilder();
      for (String word : text.split("[\\s\\p{Cntrl}]+")) {
        if (word.codePoints().anyMatch(Character::isLetterOrDigit)) {
          if (!match.isEmpty()) {
            match.append(' ');
          }
          match.append('"').append(word.replace("\"", "\"\"")).append('"');
        }
      }
      if (match.isEmpty()) {
        throw new IllegalArgumentException("text: must contain at least one word (a letter or digit)");
      }
      return match.toString();
    }
  }
}
