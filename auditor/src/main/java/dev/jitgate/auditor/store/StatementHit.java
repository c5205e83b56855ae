package dev.jitgate.auditor.store;

import java.time.Instant;
import java.util.Objects;

/**
 * One statement found by {@link AuditStore#searchStatements}.
 *
 * @param eventId the {@code statement} event's id
 * @param session the session
 * @param seq the event's seq
 * @param statementId the statement's number in the session
 * @param time when it was forwarded
 * @param principal the engineer, or null
 * @param integration the integration, or null
 * @param database the database, or null
 * @param sql the SQL text (redacted by the proxy), null for a FunctionCall
 * @param result its result, or null when no {@code statement.done} is stored (yet)
 */
public record StatementHit(
    String eventId,
    String session,
    long seq,
    long statementId,
    Instant time,
    String principal,
    String integration,
    String database,
    String sql,
    StatementResult result) {

  public StatementHit {
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(session, "session");
    Objects.requireNonNull(time, "time");
  }
}
