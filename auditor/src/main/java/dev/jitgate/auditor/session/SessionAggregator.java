package dev.jitgate.auditor.session;

import dev.jitgate.audit.event.AdminAction;
import dev.jitgate.audit.event.Alert;
import dev.jitgate.audit.event.AuditEvent;
import dev.jitgate.audit.event.Copy;
import dev.jitgate.audit.event.Envelope;
import dev.jitgate.audit.event.Protocol;
import dev.jitgate.audit.event.SessionEnd;
import dev.jitgate.audit.event.SessionReject;
import dev.jitgate.audit.event.SessionStart;
import dev.jitgate.audit.event.Statement;
import dev.jitgate.audit.event.StatementDone;
import dev.jitgate.auditor.classify.AuditClass;
import dev.jitgate.auditor.classify.Classification;
import dev.jitgate.auditor.classify.ObjectRef;
import dev.jitgate.auditor.classify.RiskFlag;
import java.util.EnumSet;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Folds the events of one session, in seq order, into a {@link SessionSummary}. Pure and thread-safe: no
 * state besides the limits. An event whose seq is at or below the summary's {@code lastSeq} (a replay) is
 * ignored, so folding the same batch twice changes nothing. A {@code statement.done} is matched with its
 * {@code statement} by statement id to attribute rows to READ or WRITE; one without its statement still
 * counts as a result (failure, SQLSTATE, flags), its rows stay unattributed. Admin and alert events only advance
 * {@code lastSeq}.
 */
public final class SessionAggregator {
  /** SQLSTATE insufficient_privilege. */
  static final String PERMISSION_DENIED = "42501";

  private static final Classification FUNCTION_CALL = new Classification(
      Set.of(AuditClass.FUNCTION), "FUNCTION CALL", List.of(), Set.of());

  private final AggregationLimits limits;

  /** An aggregator with {@link AggregationLimits#defaults()}. */
  public SessionAggregator() {
    this(AggregationLimits.defaults());
  }

  /** An aggregator with the given limits. */
  public SessionAggregator(AggregationLimits limits) {
    this.limits = Objects.requireNonNull(limits, "limits");
  }

  /**
   * The summary after {@code event}.
   *
   * @param current the summary so far, or null for a session's first event
   * @param event the next event of the same session
   * @param classification the classification of a {@code statement} event's SQL; ignored for other types,
   *     and may be null for a FunctionCall (classed FUNCTION)
   * @return the new summary; {@code current} itself when the event is a replay
   * @throws IllegalArgumentException when the event belongs to another session, or a statement with SQL
   *     comes without a classification
   */
  public SessionSummary apply(SessionSummary current, AuditEvent event, Classification classification) {
    Objects.requireNonNull(event, "event");
    return applyAll(current, List.of(event), Collections.singletonList(classification));
  }

  /**
   * The summary after {@code events} in order, the same as {@link #apply} of each in turn, with one working
   * copy of the summary for all of them (not one per event).
   *
   * @param classifications one per event, as {@link #apply} takes them
   * @return the new summary; {@code current} itself when there are no events, and the summary before them
   *     when all are replays
   * @throws IllegalArgumentException as {@link #apply}, or when the lists differ in size
   */
  public SessionSummary applyAll(SessionSummary current, List<AuditEvent> events,
      List<Classification> classifications) {
    Objects.requireNonNull(events, "events");
    Objects.requireNonNull(classifications, "classifications");
    if (events.size() != classifications.size()) {
      throw new IllegalArgumentException("classifications: must have one per event");
    }
    if (events.isEmpty()) {
      return current;
    }
    SessionSummary base = current == null
        ? SessionSummary.empty(Objects.requireNonNull(events.getFirst(), "event").session())
        : current;
    SummaryDraft d = null;
    for (int i = 0; i < events.size(); i++) {
      AuditEvent event = Objects.requireNonNull(events.get(i), "event");
      if (!base.session().equals(event.session())) {
        throw new IllegalArgumentException(
            "event " + event.id() + " belongs to session " + event.session() + ", not " + base.session());
      }
      if (event.seq() <= (d == null ? base.lastSeq() : d.lastSeq)) {
        continue;
      }
      if (d == null) {
        d = new SummaryDraft(base);
      }
      fold(d, event, classifications.get(i));
    }
    return d == null ? base : d.build();
  }

  private void fold(SummaryDraft d, AuditEvent event, Classification classification) {
    envelope(d, event.envelope());
    switch (event.body()) {
      case SessionStart start -> {
        d.clientAddress = start.clientAddress();
        d.clientPort = start.clientPort();
        d.applicationName = start.applicationName();
        d.startedAt = event.envelope().time();
      }
      case SessionReject reject -> {
        d.clientAddress = reject.clientAddress();
        d.clientPort = reject.clientPort();
        d.rejectSqlstate = reject.sqlstate();
        d.startedAt = event.envelope().time();
        d.endedAt = event.envelope().time();
      }
      case Statement statement -> statement(d, statement, classification);
      case StatementDone done -> done(d, done);
      case Copy copy -> {
        switch (copy.direction()) {
          case IN -> d.copyBytesIn += copy.bytes();
          case OUT -> d.copyBytesOut += copy.bytes();
        }
      }
      case SessionEnd end -> {
        d.endedAt = event.envelope().time();
        d.endReason = end.reason();
        d.bytesIn = end.bytesIn();
        d.bytesOut = end.bytesOut();
        d.pendingStatements.clear();
      }
      case AdminAction admin -> {
        // not a database session: only the envelope and seq count
      }
      case Alert alert -> {
        // the auditor's own chain: only the envelope and seq count (the broken session is flagged itself)
      }
    }
    d.lastSeq = event.seq();
  }

  private static void envelope(SummaryDraft d, Envelope e) {
    d.proxy = e.proxy();
    d.principal = e.principal() != null ? e.principal() : d.principal;
    d.grant = e.grant() != null ? e.grant() : d.grant;
    d.integration = e.integration() != null ? e.integration() : d.integration;
    d.database = e.database() != null ? e.database() : d.database;
    d.dbRole = e.dbRole() != null ? e.dbRole() : d.dbRole;
    if (d.startedAt == null) {
      d.startedAt = e.time();
    }
  }

  private void statement(SummaryDraft d, Statement statement, Classification classification) {
    Classification c = classification;
    if (c == null) {
      if (statement.protocol() != Protocol.FUNCTION_CALL) {
        throw new IllegalArgumentException(
            "classification must be given for statement " + statement.statementId() + " with SQL");
      }
      c = FUNCTION_CALL;
    }
    d.statements++;
    for (AuditClass cls : c.classes()) {
      d.statementsByClass.merge(cls, 1L, Long::sum);
    }
    for (RiskFlag risk : c.flags()) {
      d.flags.add(SessionFlag.of(risk));
    }
    for (ObjectRef object : c.objects()) {
      if (!d.objects.contains(object)) {
        if (d.objects.size() < limits.maxObjects()) {
          d.objects.add(object);
        } else {
          d.objectsTruncated = true;
        }
      }
    }
    d.pendingStatements.remove(statement.statementId());
    d.pendingStatements.put(statement.statementId(), EnumSet.copyOf(c.classes()));
    Iterator<Long> oldest = d.pendingStatements.keySet().iterator();
    while (d.pendingStatements.size() > limits.maxPendingStatements()) {
      oldest.next();
      oldest.remove();
    }
  }

  private void done(SummaryDraft d, StatementDone done) {
    Set<AuditClass> classes = d.pendingStatements.remove(done.statementId());
    if (done.failed()) {
      d.failedStatements++;
      String sqlstate = done.sqlstate();
      if (d.errorsBySqlstate.containsKey(sqlstate) || d.errorsBySqlstate.size() < limits.maxErrorCodes()) {
        d.errorsBySqlstate.merge(sqlstate, 1L, Long::sum);
      } else {
        d.errorsTruncated = true;
      }
      if (PERMISSION_DENIED.equals(sqlstate)) {
        d.flags.add(SessionFlag.PERMISSION_DENIED);
      }
      return;
    }
    if (classes == null || done.rows() == null) {
      return;
    }
    long rows = done.rows();
    if (classes.contains(AuditClass.WRITE)) {
      d.rowsWritten += rows;
    } else if (classes.contains(AuditClass.READ)) {
      d.rowsRead += rows;
      if (rows >= limits.manyRowsThreshold()) {
        d.flags.add(SessionFlag.MANY_ROWS);
      }
    }
  }
}
