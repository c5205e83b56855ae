package dev.jitgate.admin;

import dev.jitgate.audit.event.Parameter;
import dev.jitgate.audit.event.Statement;
import dev.jitgate.auditor.classify.AuditClass;
import dev.jitgate.auditor.classify.ObjectRef;
import dev.jitgate.auditor.session.SessionFlag;
import dev.jitgate.auditor.session.SessionSummary;
import dev.jitgate.auditor.store.AuditAlert;
import dev.jitgate.auditor.store.StatementHit;
import dev.jitgate.auditor.store.StatementResult;
import dev.jitgate.auditor.verify.VerificationReport;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The JSON shapes of the {@code /v1/audit} routes, camelCase like the rest of the API, enums in lower case.
 * Summaries leave out the aggregation's internal state ({@code lastSeq}, {@code pendingStatements}).
 */
final class AuditViews {
  private AuditViews() {}

  static String wire(Enum<?> value) {
    return value == null ? null : value.name().toLowerCase(Locale.ROOT);
  }

  /**
   * One session's summary.
   *
   * @param session the session id
   * @param principal the engineer
   * @param grant the grant id
   * @param integration the integration
   * @param database the upstream database
   * @param dbRole the upstream role
   * @param proxy the proxy that served it
   * @param clientAddress the client's address
   * @param clientPort the client's port
   * @param applicationName the client's {@code application_name}
   * @param startedAt when it started (or was rejected)
   * @param endedAt when it ended, null while open
   * @param endReason why it ended ({@code client_closed}, {@code revoked}, …), null while open
   * @param rejectSqlstate the SQLSTATE of a rejected login, else null
   * @param statements statements run
   * @param failedStatements statements that failed
   * @param statementsByClass statements per class ({@code read}, {@code write}, {@code function},
   *     {@code role}, {@code ddl}, {@code misc})
   * @param rowsRead rows returned by reads
   * @param rowsWritten rows changed by writes
   * @param bytesIn client-to-proxy bytes (known at the end)
   * @param bytesOut proxy-to-client bytes (known at the end)
   * @param copyBytesIn COPY FROM STDIN bytes
   * @param copyBytesOut COPY TO STDOUT bytes
   * @param objects objects touched, first seen first
   * @param objectsTruncated whether objects were left out
   * @param errorsBySqlstate failed statements per SQLSTATE
   * @param errorsTruncated whether SQLSTATEs were left out
   * @param flags risk flags, e.g. {@code delete_without_where}
   */
  record SessionView(String session, String principal, String grant, String integration, String database,
      String dbRole, String proxy, String clientAddress, Integer clientPort, String applicationName,
      Instant startedAt, Instant endedAt, String endReason, String rejectSqlstate, long statements,
      long failedStatements, Map<String, Long> statementsByClass, long rowsRead, long rowsWritten, Long bytesIn,
      Long bytesOut, long copyBytesIn, long copyBytesOut, List<ObjectView> objects, boolean objectsTruncated,
      Map<String, Long> errorsBySqlstate, boolean errorsTruncated, List<String> flags) {

    static SessionView of(SessionSummary s) {
      Map<String, Long> byClass = new LinkedHashMap<>();
      for (AuditClass c : AuditClass.values()) {
        byClass.put(wire(c), s.statementsByClass().getOrDefault(c, 0L));
      }
      return new SessionView(s.session(), s.principal(), s.grant(), s.integration(), s.database(), s.dbRole(),
          s.proxy(), s.clientAddress(), s.clientPort(), s.applicationName(), s.startedAt(), s.endedAt(),
          s.endReason() == null ? null : s.endReason().json(), s.rejectSqlstate(), s.statements(),
          s.failedStatements(), byClass, s.rowsRead(), s.rowsWritten(), s.bytesIn(), s.bytesOut(),
          s.copyBytesIn(), s.copyBytesOut(), s.objects().stream().map(ObjectView::of).toList(),
          s.objectsTruncated(), s.errorsBySqlstate(), s.errorsTruncated(),
          s.flags().stream().map(SessionFlag::name).map(n -> n.toLowerCase(Locale.ROOT)).toList());
    }
  }

  /**
   * A database object.
   *
   * @param kind {@code table}, {@code function}, {@code role}, {@code schema} or {@code other}
   * @param schema its schema, null when not qualified
   * @param name its name
   */
  record ObjectView(String kind, String schema, String name) {
    static ObjectView of(ObjectRef ref) {
      return new ObjectView(wire(ref.kind()), ref.schema(), ref.name());
    }
  }

  /**
   * How a statement ended.
   *
   * @param failed whether it failed
   * @param commandTag the command tag on success
   * @param rows rows returned or affected, when known
   * @param durationMicros how long it took
   * @param sqlstate the SQLSTATE on failure
   * @param error the error message on failure
   */
  record ResultView(boolean failed, String commandTag, Long rows, long durationMicros, String sqlstate,
      String error) {
    static ResultView of(StatementResult r) {
      return r == null ? null
          : new ResultView(r.failed(), r.commandTag(), r.rows(), r.durationMicros(), r.sqlstate(), r.error());
    }
  }

  /**
   * A statement found by a search.
   *
   * @param eventId the {@code statement} event's id
   * @param session the session
   * @param seq the event's position in the session
   * @param statementId the statement's number in the session
   * @param time when it was forwarded
   * @param principal the engineer
   * @param integration the integration
   * @param database the database
   * @param sql the (redacted) SQL, null for a FunctionCall
   * @param result how it ended, null when not known (yet)
   */
  record StatementView(String eventId, String session, long seq, long statementId, Instant time, String principal,
      String integration, String database, String sql, ResultView result) {
    static StatementView of(StatementHit h) {
      return new StatementView(h.eventId(), h.session(), h.seq(), h.statementId(), h.time(), h.principal(),
          h.integration(), h.database(), h.sql(), ResultView.of(h.result()));
    }
  }

  /**
   * A bind parameter (or FunctionCall argument).
   *
   * @param format {@code text} or {@code binary}
   * @param value the value (base64 for binary), null for SQL NULL
   * @param truncated whether the proxy cut the value at its size cap
   * @param originalLength its length on the wire in bytes, null for NULL
   */
  record ParameterView(String format, String value, boolean truncated, Long originalLength) {
    static ParameterView of(Parameter p) {
      return new ParameterView(wire(p.format()), p.value(), p.truncated(), p.originalLength());
    }
  }

  /**
   * One statement of a session, in order.
   *
   * @param eventId the {@code statement} event's id
   * @param seq the event's position in the session
   * @param statementId the statement's number in the session
   * @param time when it was forwarded
   * @param protocol {@code simple}, {@code extended} or {@code function_call}, null when unknown
   * @param sql the (redacted) SQL, null for a FunctionCall
   * @param parameters its bind parameters, empty when none
   * @param result how it ended, null when not known (yet)
   */
  record SessionStatementView(String eventId, long seq, long statementId, Instant time, String protocol, String sql,
      List<ParameterView> parameters, ResultView result) {
    static SessionStatementView of(StatementHit h, Statement event) {
      return new SessionStatementView(h.eventId(), h.seq(), h.statementId(), h.time(),
          event == null ? null : wire(event.protocol()), h.sql(),
          event == null ? List.of() : event.parameters().stream().map(ParameterView::of).toList(),
          ResultView.of(h.result()));
    }
  }

  /**
   * An integrity alert about a session's events.
   *
   * @param kind {@code gap}, {@code altered}, {@code reordered} or {@code conflict}
   * @param seq the first seq concerned
   * @param detectedAt when the auditor found it
   * @param detail what was found (seqs, ids, hashes)
   */
  record AlertView(String kind, long seq, Instant detectedAt, String detail) {
    static AlertView of(AuditAlert a) {
      return new AlertView(a.kind(), a.seq(), a.detectedAt(), a.detail());
    }
  }

  /**
   * One item of {@code GET /v1/audit/alerts}: an integrity alert with the session it concerns.
   *
   * @param session the session whose chain is broken
   * @param kind gap, altered, reordered or conflict
   * @param seq the first seq concerned
   * @param detectedAt when the auditor found it
   * @param detail a one-line description (seqs, ids, hashes; never SQL)
   */
  record AlertItem(String session, String kind, long seq, Instant detectedAt, String detail) {
    static AlertItem of(AuditAlert a) {
      return new AlertItem(a.session(), a.kind(), a.seq(), a.detectedAt(), a.detail());
    }
  }

  /**
   * {@code GET /v1/audit/sessions/{id}}.
   *
   * @param session the summary
   * @param statements one page of the statements in order, each with its result
   * @param alerts the integrity alerts, in the order found
   * @param next the seq to pass as {@code after} for the next page; null on the last page
   */
  record SessionDetail(SessionView session, List<SessionStatementView> statements, List<AlertView> alerts,
      Long next) {}

  /**
   * {@code GET /v1/audit/verify}.
   *
   * @param intact whether every checked chain verified
   * @param from the lower bound checked, null when unbounded
   * @param to the upper bound checked, null when unbounded
   * @param sessionsChecked sessions verified
   * @param eventsChecked events re-hashed
   * @param truncated whether more sessions matched than were checked
   * @param problems the sessions with findings
   */
  record VerificationView(boolean intact, Instant from, Instant to, int sessionsChecked, long eventsChecked,
      boolean truncated, List<ProblemView> problems) {
    static VerificationView of(VerificationReport r, Instant from, Instant to) {
      return new VerificationView(r.intact(), from, to, r.sessionsChecked(), r.eventsChecked(), r.truncated(),
          r.problems().stream().map(p -> new ProblemView(p.session(), p.findings())).toList());
    }
  }

  /**
   * One session's verification findings.
   *
   * @param session the session
   * @param findings one line each, e.g. {@code gap: seq 4..4 missing}
   */
  record ProblemView(String session, List<String> findings) {}
}
