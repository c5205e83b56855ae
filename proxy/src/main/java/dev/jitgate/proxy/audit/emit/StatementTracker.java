package dev.jitgate.proxy.audit.emit;

import dev.jitgate.audit.event.Copy;
import dev.jitgate.audit.event.CopyDirection;
import dev.jitgate.audit.event.Parameter;
import dev.jitgate.audit.event.Statement;
import dev.jitgate.audit.event.StatementDone;
import dev.jitgate.audit.sql.PasswordRedactor;
import dev.jitgate.audit.sql.SqlStatement;
import dev.jitgate.audit.sql.StatementSplitter;
import dev.jitgate.pg.backend.BackendMessage;
import dev.jitgate.pg.backend.CommandComplete;
import dev.jitgate.pg.backend.ErrorResponse;
import dev.jitgate.pg.frontend.Bind;
import dev.jitgate.pg.frontend.Close;
import dev.jitgate.pg.frontend.Execute;
import dev.jitgate.pg.frontend.FrontendMessage;
import dev.jitgate.pg.frontend.FunctionCall;
import dev.jitgate.pg.frontend.Parse;
import dev.jitgate.pg.frontend.Query;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Follows the statements of one session through the PostgreSQL protocol and emits their audit bodies
 * ({@code statement}, {@code statement.done}, {@code copy}) to an {@link EventBodySink}. One per session,
 * confined to the session's event loop (not thread-safe). It never throws on unexpected input: it counts an
 * anomaly and carries on.
 *
 * <pre>
 *  client                          tracker                                  server
 *  Query "a; b; c" ─────► statement 1,2,3 (emitted when forwarded)
 *                                            ◄── CommandComplete  ► done 1
 *                                            ◄── ErrorResponse    ► done 2 (failed); 3 is skipped
 *                                            ◄── ReadyForQuery
 *  Parse S / Bind P / Execute P ─► statement 4 (SQL of S, parameters of P)
 *  Sync                                      ◄── ... CommandComplete  ► done 4
 * </pre>
 *
 * <p>Decisions:
 * <ul>
 *   <li>A {@code statement} body is emitted when the client sends the statement (so fail-closed mode can make
 *       it durable before forwarding), even if the server later skips it.
 *   <li><b>Skipped statements get no {@code statement.done}.</b> After an ErrorResponse the server does not
 *       run the rest of a multi-statement Query, and in the extended protocol it discards every message up to
 *       Sync. The tracker does the same: those statements have a {@code statement} event and no done
 *       (counted by {@link #skippedStatements()}). A {@code statement} without {@code statement.done}
 *       therefore means "not executed".
 *   <li>An ErrorResponse in an extended batch completes the oldest Execute still waiting in that batch, also
 *       when the failing message was the Parse, Bind or Describe before it: that error is why it did not
 *       run. An error with only a Sync pending (e.g. a failed Parse without Execute) emits nothing. A
 *       simple Query the server rejects as a whole (syntax error anywhere) fails its first statement.
 *   <li>PortalSuspended completes an Execute with the tag {@link #SUSPENDED_TAG} and the DataRows counted so
 *       far; the next Execute of the portal is a new statement. EmptyQueryResponse completes a statement with
 *       {@link #EMPTY_QUERY_TAG}; a simple Query with no statement at all emits nothing. A FunctionCall result
 *       has the tag {@link #FUNCTION_CALL_TAG}.
 *   <li>{@code rows} is the count in the command tag ({@code INSERT 0 5} → 5), else the DataRows counted
 *       (e.g. {@code SHOW}), else null.
 *   <li>A COPY is started by CopyInResponse/CopyOutResponse; CopyData payload bytes in the copy's direction
 *       are counted. Its {@code copy} body is emitted with the result of the COPY statement, right before
 *       its {@code statement.done}: {@code rows} from the {@code COPY n} tag, null if the COPY failed.
 *       CopyBothResponse (replication) is not reported.
 *   <li>Prepared statements and portals are bounded LRU maps; an Execute of a portal the tracker does not
 *       know still emits a {@code statement}, with {@link SqlCapture#UNKNOWN_SQL} and an anomaly counted.
 *       The latest Parse of a name wins; Close of a statement also forgets the portals bound from it.
 *       Parameter values are captured at Bind (so a Bind holds at most {@code maxBindBytes}).
 * </ul>
 */
public final class StatementTracker {

  /** Command tag of a {@code statement.done} for an Execute that stopped at its row limit (PortalSuspended). */
  public static final String SUSPENDED_TAG = "PORTAL SUSPENDED";

  /** Command tag of a {@code statement.done} for an empty query (EmptyQueryResponse). */
  public static final String EMPTY_QUERY_TAG = "EMPTY QUERY";

  /** Command tag of a {@code statement.done} for a FunctionCall answered by FunctionCallResponse. */
  public static final String FUNCTION_CALL_TAG = "FUNCTION CALL";

  /** SQLSTATE used when a server sends an ErrorResponse without a valid one (internal_error). */
  static final String UNKNOWN_SQLSTATE = "XX000";

  private static final Pattern SQLSTATE = Pattern.compile("[0-9A-Z]{5}");

  private final EventBodySink sink;
  private final StatementSplitter splitter;
  private final SqlCapture sql;
  private final ParameterCapture parameters;
  private final BoundedLru<String, PreparedStatement> statements;
  private final BoundedLru<String, Portal> portals;
  private final ArrayDeque<Pending> pending = new ArrayDeque<>();
  private long nextStatementId = 1;
  private long lastResultNanos = Long.MIN_VALUE;
  private long anomalies;
  private long skipped;

  /** A tracker with its own SQL helpers. */
  public StatementTracker(TrackerConfig config, EventBodySink sink) {
    this(config, sink, new StatementSplitter(), new PasswordRedactor());
  }

  /** A tracker using the given SQL helpers (they are stateless and may be shared). */
  public StatementTracker(
      TrackerConfig config, EventBodySink sink, StatementSplitter splitter, PasswordRedactor redactor) {
    Objects.requireNonNull(config, "config");
    this.sink = Objects.requireNonNull(sink, "sink");
    this.splitter = Objects.requireNonNull(splitter, "splitter");
    Objects.requireNonNull(redactor, "redactor");
    this.sql = new SqlCapture(redactor, config.maxSqlChars());
    this.parameters = new ParameterCapture(redactor, config.maxParameterBytes(), config.maxBindBytes());
    this.statements = new BoundedLru<>(config.maxPreparedStatements());
    this.portals = new BoundedLru<>(config.maxPortals());
  }

  /** A message from the client, seen before it is forwarded; {@code nanoTime} from {@link System#nanoTime()}. */
  public void onFrontend(FrontendMessage message, long nanoTime) {
    try {
      frontend(message, nanoTime);
    } catch (RuntimeException e) {
      anomalies++;
    }
  }

  /** A message from the server, seen before it is forwarded; {@code nanoTime} from {@link System#nanoTime()}. */
  public void onBackend(BackendMessage message, long nanoTime) {
    try {
      backend(message, nanoTime);
    } catch (RuntimeException e) {
      anomalies++;
    }
  }

  /** Counts an anomaly found by the caller (e.g. a message that could not be decoded). */
  void anomaly() {
    anomalies++;
  }

  /** A DataRow from the server (only counted), without decoding it. */
  public void onDataRow() {
    if (pending.peekFirst() instanceof PendingStatement s) {
      s.dataRows++;
    }
  }

  /**
   * A FunctionCallResponse, without decoding it: its result value (which may be large, e.g. the bytes of a
   * large-object read) is not part of the audit trail, only that the call completed.
   */
  public void onFunctionCallResponse(long nanoTime) {
    functionResult(nanoTime);
  }

  /** A CopyData message of {@code bytes} payload bytes in {@code direction}, without decoding it. */
  public void onCopyData(CopyDirection direction, int bytes) {
    copyData(direction, bytes);
  }

  /**
   * A Bind too large to capture whole: {@code values} are the values captured completely, and each of the
   * following parameters is recorded as cut, with its length on the wire when known ({@code missingLengths}
   * entries may be null; a negative length is SQL NULL).
   */
  void onPartialBind(String portal, String statement, List<Integer> formats, List<byte[]> values,
      List<Integer> missingLengths) {
    try {
      PreparedStatement prepared = statements.get(statement);
      String text;
      if (prepared == null) {
        anomalies++;
        text = SqlCapture.UNKNOWN_SQL;
      } else {
        text = prepared.sql();
      }
      portals.put(portal, new Portal(statement, text, partialParameters(formats, values, missingLengths)));
    } catch (RuntimeException e) {
      anomalies++;
    }
  }

  /**
   * A FunctionCall too large to capture whole (e.g. a large-object write): like {@link #onPartialBind}, its
   * arguments captured whole and the others recorded as cut with their length on the wire.
   */
  void onPartialFunctionCall(long functionOid, List<Integer> formats, List<byte[]> values,
      List<Integer> missingLengths, long now) {
    try {
      functionCall(functionOid, partialParameters(formats, values, missingLengths), now);
    } catch (RuntimeException e) {
      anomalies++;
    }
  }

  private List<Parameter> partialParameters(List<Integer> formats, List<byte[]> values, List<Integer> missingLengths) {
    List<Parameter> captured = new java.util.ArrayList<>(parameters.capture(formats, values));
    for (int i = 0; i < missingLengths.size(); i++) {
      Integer length = missingLengths.get(i);
      var format = ParameterCapture.formatOf(formats, values.size() + i);
      captured.add(length != null && length < 0 ? Parameter.ofNull(format)
          : new Parameter(format, "", true, length == null ? 0L : length.longValue()));
    }
    return captured;
  }

  /** Unexpected sequences seen so far (a result without a statement, an unknown portal, ...). */
  public long anomalies() {
    return anomalies;
  }

  /** Statements the server skipped after an error, which got no {@code statement.done}. */
  public long skippedStatements() {
    return skipped;
  }

  /** Prepared statements and portals forgotten because their cap was reached. */
  public long evictions() {
    return statements.evictions() + portals.evictions();
  }

  /** Statements and markers waiting for the server (for tests and metrics). */
  public int pendingCount() {
    return pending.size();
  }

  private void frontend(FrontendMessage message, long now) {
    switch (message) {
      case Query q -> query(q, now);
      case Parse p -> statements.put(p.statement(), new PreparedStatement(sql.capture(p.query())));
      case Bind b -> bind(b);
      case Execute e -> execute(e, now);
      case Close c -> close(c);
      case dev.jitgate.pg.frontend.Sync s -> pending.add(Pending.Marker.SYNC);
      case FunctionCall f -> functionCall(f, now);
      case dev.jitgate.pg.frontend.CopyData d -> copyData(CopyDirection.IN, d.data().length());
      case dev.jitgate.pg.frontend.CopyDone d -> {
        // the copy ends with the statement's result
      }
      case dev.jitgate.pg.frontend.CopyFail f -> {
        // the server answers with ErrorResponse, which ends the copy
      }
      case dev.jitgate.pg.frontend.Describe d -> {
        // no statement runs
      }
      case dev.jitgate.pg.frontend.Flush f -> {
        // no statement runs
      }
      case dev.jitgate.pg.frontend.StartupPacket s -> {
        // session setup is audited by session.start
      }
      case dev.jitgate.pg.frontend.PasswordMessage p -> {
        // authentication is not a statement
      }
      case dev.jitgate.pg.frontend.SaslInitialResponse s -> {
        // authentication is not a statement
      }
      case dev.jitgate.pg.frontend.SaslResponse s -> {
        // authentication is not a statement
      }
      case dev.jitgate.pg.frontend.GssResponse g -> {
        // authentication is not a statement
      }
      case dev.jitgate.pg.frontend.Terminate t -> {
        // session.end is emitted elsewhere
      }
      case dev.jitgate.pg.frontend.UnknownFrontendMessage u -> anomalies++;
    }
  }

  private void backend(BackendMessage message, long now) {
    switch (message) {
      case CommandComplete c -> commandComplete(c, now);
      case ErrorResponse e -> error(e, now);
      case dev.jitgate.pg.backend.EmptyQueryResponse e -> emptyQuery(now);
      case dev.jitgate.pg.backend.PortalSuspended p -> suspended(now);
      case dev.jitgate.pg.backend.FunctionCallResponse f -> functionResult(now);
      case dev.jitgate.pg.backend.ReadyForQuery r -> readyForQuery();
      case dev.jitgate.pg.backend.DataRow d -> {
        if (pending.peekFirst() instanceof PendingStatement s) {
          s.dataRows++;
        }
      }
      case dev.jitgate.pg.backend.CopyInResponse c -> startCopy(CopyDirection.IN);
      case dev.jitgate.pg.backend.CopyOutResponse c -> startCopy(CopyDirection.OUT);
      case dev.jitgate.pg.backend.CopyData d -> copyData(CopyDirection.OUT, d.data().length());
      case dev.jitgate.pg.backend.CopyBothResponse c -> {
        // replication streaming: not reported
      }
      case dev.jitgate.pg.backend.CopyDone d -> {
        // the copy ends with CommandComplete
      }
      case dev.jitgate.pg.backend.Authentication a -> {
        // session setup
      }
      case dev.jitgate.pg.backend.BackendKeyData k -> {
        // session setup
      }
      case dev.jitgate.pg.backend.NegotiateProtocolVersion n -> {
        // session setup
      }
      case dev.jitgate.pg.backend.ParameterStatus p -> {
        // not a result
      }
      case dev.jitgate.pg.backend.ParseComplete p -> {
        // not a result
      }
      case dev.jitgate.pg.backend.BindComplete b -> {
        // not a result
      }
      case dev.jitgate.pg.backend.CloseComplete c -> {
        // not a result
      }
      case dev.jitgate.pg.backend.ParameterDescription p -> {
        // not a result
      }
      case dev.jitgate.pg.backend.RowDescription r -> {
        // not a result
      }
      case dev.jitgate.pg.backend.NoData n -> {
        // not a result
      }
      case dev.jitgate.pg.backend.NoticeResponse n -> {
        // not a result
      }
      case dev.jitgate.pg.backend.NotificationResponse n -> {
        // not a result
      }
      case dev.jitgate.pg.backend.UnknownBackendMessage u -> anomalies++;
    }
  }

  // ---- frontend

  private void query(Query q, long now) {
    query(q.sql(), -1, now);
  }

  /**
   * A simple Query whose message was longer than the relay captured: {@code prefix} is the SQL seen,
   * {@code wireBytes} the message body's size; its last statement is marked as cut.
   */
  void onCutQuery(String prefix, long wireBytes, long now) {
    try {
      query(prefix, wireBytes, now);
    } catch (RuntimeException e) {
      anomalies++;
    }
  }

  /** A Parse whose message was longer than the relay captured (see {@link #onCutQuery}). */
  void onCutParse(String statementName, String prefix, long wireBytes) {
    try {
      statements.put(statementName, new PreparedStatement(sql.captureCut(prefix, wireBytes)));
    } catch (RuntimeException e) {
      anomalies++;
    }
  }

  private void query(String text, long cutWireBytes, long now) {
    List<SqlStatement> parts = splitter.split(text);
    if (parts.isEmpty()) {
      pending.add(Pending.Marker.EMPTY_QUERY);
    }
    for (int i = 0; i < parts.size(); i++) {
      SqlStatement part = parts.get(i);
      boolean cut = cutWireBytes >= 0 && i == parts.size() - 1;
      long id = nextStatementId++;
      sink.emit(Statement.simple(id, cut ? sql.captureCut(part.text(), cutWireBytes) : sql.capture(part.text())));
      pending.add(new PendingStatement(id, PendingStatement.Origin.SIMPLE, now));
    }
    pending.add(Pending.Marker.QUERY_END);
  }

  private void bind(Bind b) {
    PreparedStatement statement = statements.get(b.statement());
    String text;
    if (statement == null) {
      anomalies++;
      text = SqlCapture.UNKNOWN_SQL;
    } else {
      text = statement.sql();
    }
    List<Parameter> values = parameters.capture(b.parameterFormats(), b.parameterValues());
    portals.put(b.portal(), new Portal(b.statement(), text, values));
  }

  private void execute(Execute e, long now) {
    Portal portal = portals.get(e.portal());
    long id = nextStatementId++;
    if (portal == null) {
      anomalies++;
      sink.emit(Statement.extended(id, SqlCapture.UNKNOWN_SQL, "", e.portal(), List.of()));
    } else {
      sink.emit(Statement.extended(id, portal.sql(), portal.statementName(), e.portal(), portal.parameters()));
    }
    pending.add(new PendingStatement(id, PendingStatement.Origin.EXTENDED, now));
  }

  private void close(Close c) {
    switch (c.target()) {
      case STATEMENT -> {
        statements.remove(c.name());
        portals.removeIf(p -> p.statementName().equals(c.name()));
      }
      case PORTAL -> portals.remove(c.name());
    }
  }

  private void functionCall(FunctionCall f, long now) {
    functionCall(Integer.toUnsignedLong(f.functionOid()), parameters.capture(f.argumentFormats(), f.arguments()), now);
  }

  private void functionCall(long functionOid, List<Parameter> args, long now) {
    long id = nextStatementId++;
    sink.emit(Statement.functionCall(id, functionOid, args));
    pending.add(new PendingStatement(id, PendingStatement.Origin.FUNCTION_CALL, now));
    pending.add(Pending.Marker.QUERY_END);
  }

  // ---- backend

  private void commandComplete(CommandComplete c, long now) {
    if (!(pending.peekFirst() instanceof PendingStatement s)) {
      anomalies++;
      return;
    }
    pending.removeFirst();
    long tagRows = c.rows();
    if (s.copying()) {
      boolean copyTag = c.tag().startsWith("COPY ");
      sink.emit(new Copy(s.statementId, s.copyDirection, s.copyBytes, copyTag && tagRows >= 0 ? tagRows : null));
    }
    Long rows = tagRows >= 0 ? Long.valueOf(tagRows) : s.dataRows > 0 ? Long.valueOf(s.dataRows) : null;
    sink.emit(StatementDone.ok(s.statementId, c.tag(), rows, duration(s, now)));
  }

  private void emptyQuery(long now) {
    Pending head = pending.peekFirst();
    if (head == Pending.Marker.EMPTY_QUERY) {
      pending.removeFirst();
    } else if (head instanceof PendingStatement s) {
      pending.removeFirst();
      sink.emit(StatementDone.ok(s.statementId, EMPTY_QUERY_TAG, null, duration(s, now)));
    } else {
      anomalies++;
    }
  }

  private void suspended(long now) {
    if (pending.peekFirst() instanceof PendingStatement s && s.origin == PendingStatement.Origin.EXTENDED) {
      pending.removeFirst();
      sink.emit(StatementDone.ok(s.statementId, SUSPENDED_TAG, s.dataRows, duration(s, now)));
    } else {
      anomalies++;
    }
  }

  private void functionResult(long now) {
    if (pending.peekFirst() instanceof PendingStatement s && s.origin == PendingStatement.Origin.FUNCTION_CALL) {
      pending.removeFirst();
      sink.emit(StatementDone.ok(s.statementId, FUNCTION_CALL_TAG, null, duration(s, now)));
    } else {
      anomalies++;
    }
  }

  private void error(ErrorResponse e, long now) {
    Pending head = pending.peekFirst();
    if (head == null) {
      if (!isFatal(e)) {
        anomalies++;
      }
      return;
    }
    if (!(head instanceof PendingStatement s)) {
      return; // e.g. a failed Parse with only its Sync pending: no statement ran
    }
    pending.removeFirst();
    if (s.copying()) {
      sink.emit(new Copy(s.statementId, s.copyDirection, s.copyBytes, null));
    }
    String sqlstate = e.sqlState();
    if (sqlstate == null || !SQLSTATE.matcher(sqlstate).matches()) {
      anomalies++;
      sqlstate = UNKNOWN_SQLSTATE;
    }
    String text = e.message() == null ? "" : e.message();
    sink.emit(StatementDone.failed(s.statementId, duration(s, now), sqlstate, text));
    switch (s.origin) {
      case SIMPLE -> {
        while (pending.peekFirst() instanceof PendingStatement next
            && next.origin == PendingStatement.Origin.SIMPLE) {
          pending.removeFirst();
          skipped++;
        }
      }
      case EXTENDED -> {
        while (!pending.isEmpty() && pending.peekFirst() != Pending.Marker.SYNC) {
          if (pending.removeFirst() instanceof PendingStatement) {
            skipped++;
          }
        }
      }
      case FUNCTION_CALL -> {
        // nothing else was queued by the call
      }
    }
  }

  private void readyForQuery() {
    if (pending.isEmpty()) {
      return; // the ReadyForQuery that ends the startup
    }
    if (!pending.contains(Pending.Marker.SYNC) && !pending.contains(Pending.Marker.QUERY_END)) {
      anomalies++;
      return;
    }
    while (true) {
      Pending p = pending.removeFirst();
      if (p == Pending.Marker.SYNC || p == Pending.Marker.QUERY_END) {
        return;
      }
      anomalies++; // a statement or empty query without its result
    }
  }

  private void startCopy(CopyDirection direction) {
    if (pending.peekFirst() instanceof PendingStatement s) {
      s.copyDirection = direction;
      s.copyBytes = 0;
    } else {
      anomalies++;
    }
  }

  private void copyData(CopyDirection direction, int bytes) {
    if (pending.peekFirst() instanceof PendingStatement s && s.copyDirection == direction) {
      s.copyBytes += bytes;
    } else if (direction == CopyDirection.IN) {
      anomalies++; // client CopyData outside COPY FROM STDIN
    }
  }

  private long duration(PendingStatement s, long now) {
    long start = Math.max(s.sentNanos, lastResultNanos);
    lastResultNanos = now;
    return Math.max(0, (now - start) / 1000);
  }

  private static boolean isFatal(ErrorResponse e) {
    String severity = e.severity();
    return "FATAL".equals(severity) || "PANIC".equals(severity);
  }
}
