package dev.jitgate.auditor.session;

import dev.jitgate.audit.event.EndReason;
import dev.jitgate.auditor.classify.AuditClass;
import dev.jitgate.auditor.classify.ObjectRef;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * What one session did, folded from its events by {@link SessionAggregator}. Holds no SQL, parameters or
 * error messages, so it is safe to log. It is also the whole state of the fold: {@code pendingStatements}
 * keeps the classes of statements still awaiting their {@code statement.done}, so a summary stored between
 * batches can be continued.
 *
 * @param session the session id
 * @param principal the engineer (latest non-null of the envelopes), or null
 * @param grant the grant id, or null
 * @param integration the integration, or null
 * @param database the upstream database, or null
 * @param dbRole the upstream role, or null
 * @param proxy the producing proxy, or null before the first event
 * @param clientAddress the client address from session.start or session.reject, or null
 * @param clientPort the client port, or null
 * @param applicationName the {@code application_name}, or null
 * @param startedAt the time of session.start (or session.reject); before one is seen, the first event's
 *     time; null before any event
 * @param endedAt the time of session.end (or session.reject), null while the session is open
 * @param endReason the reason of session.end, null otherwise
 * @param rejectSqlstate the SQLSTATE of a session.reject, null otherwise
 * @param statementsByClass statements per class (every class present; a statement of several classes
 *     counts in each)
 * @param statements statement events seen
 * @param failedStatements statement.done events with a SQLSTATE
 * @param rowsRead rows of successful statements classed READ and not WRITE
 * @param rowsWritten rows of successful statements classed WRITE
 * @param bytesIn client-to-proxy bytes from session.end, null before it
 * @param bytesOut proxy-to-client bytes from session.end, null before it
 * @param copyBytesIn COPY FROM STDIN payload bytes (copy events)
 * @param copyBytesOut COPY TO STDOUT payload bytes (copy events)
 * @param objects distinct objects touched, in first-seen order, at most the configured cap
 * @param objectsTruncated whether objects were left out for the cap
 * @param errorsBySqlstate failed statements per SQLSTATE, sorted, at most the configured cap of codes
 * @param errorsTruncated whether SQLSTATEs were left out for the cap
 * @param flags the session's risk flags
 * @param lastSeq the highest seq folded in, 0 for an empty summary; events at or below it are ignored
 * @param pendingStatements statement id to classes for statements awaiting their statement.done
 */
public record SessionSummary(
    String session,
    String principal,
    String grant,
    String integration,
    String database,
    String dbRole,
    String proxy,
    String clientAddress,
    Integer clientPort,
    String applicationName,
    Instant startedAt,
    Instant endedAt,
    EndReason endReason,
    String rejectSqlstate,
    Map<AuditClass, Long> statementsByClass,
    long statements,
    long failedStatements,
    long rowsRead,
    long rowsWritten,
    Long bytesIn,
    Long bytesOut,
    long copyBytesIn,
    long copyBytesOut,
    List<ObjectRef> objects,
    boolean objectsTruncated,
    Map<String, Long> errorsBySqlstate,
    boolean errorsTruncated,
    Set<SessionFlag> flags,
    long lastSeq,
    Map<Long, Set<AuditClass>> pendingStatements) {

  /** Validates and copies the fields. */
  public SessionSummary {
    if (session == null || session.isBlank()) {
      throw new IllegalArgumentException("session must not be blank");
    }
    EnumMap<AuditClass, Long> byClass = new EnumMap<>(AuditClass.class);
    for (AuditClass c : AuditClass.values()) {
      byClass.put(c, 0L);
    }
    Objects.requireNonNull(statementsByClass, "statementsByClass").forEach((c, n) ->
        byClass.put(Objects.requireNonNull(c, "statementsByClass key"), Objects.requireNonNull(n, "count")));
    statementsByClass = Collections.unmodifiableMap(byClass);
    objects = List.copyOf(Objects.requireNonNull(objects, "objects"));
    errorsBySqlstate = Collections.unmodifiableSortedMap(
        new TreeMap<>(Objects.requireNonNull(errorsBySqlstate, "errorsBySqlstate")));
    flags = Collections.unmodifiableSet(Objects.requireNonNull(flags, "flags").isEmpty()
        ? EnumSet.noneOf(SessionFlag.class) : EnumSet.copyOf(flags));
    LinkedHashMap<Long, Set<AuditClass>> pending = new LinkedHashMap<>();
    Objects.requireNonNull(pendingStatements, "pendingStatements").forEach((id, classes) ->
        pending.put(id, Collections.unmodifiableSet(EnumSet.copyOf(classes))));
    pendingStatements = Collections.unmodifiableMap(pending);
    if (lastSeq < 0) {
      throw new IllegalArgumentException("lastSeq must not be negative");
    }
  }

  /** The summary of a session before any event. */
  public static SessionSummary empty(String session) {
    return new SessionSummary(session, null, null, null, null, null, null, null, null, null, null, null, null,
        null, Map.of(), 0, 0, 0, 0, null, null, 0, 0, List.of(), false, Map.of(), false, Set.of(), 0,
        Map.of());
  }

  /** Whether session.end (or session.reject) was seen. */
  public boolean ended() {
    return endedAt != null;
  }

  /** The same summary with {@code flag} added, e.g. {@link SessionFlag#CHAIN_BROKEN} after a failed check. */
  public SessionSummary withFlag(SessionFlag flag) {
    EnumSet<SessionFlag> more = flags.isEmpty() ? EnumSet.noneOf(SessionFlag.class) : EnumSet.copyOf(flags);
    more.add(Objects.requireNonNull(flag, "flag"));
    return new SessionSummary(session, principal, grant, integration, database, dbRole, proxy, clientAddress,
        clientPort, applicationName, startedAt, endedAt, endReason, rejectSqlstate, statementsByClass,
        statements, failedStatements, rowsRead, rowsWritten, bytesIn, bytesOut, copyBytesIn, copyBytesOut,
        objects, objectsTruncated, errorsBySqlstate, errorsTruncated, more, lastSeq, pendingStatements);
  }
}
