package dev.jitgate.auditor.verify;

import dev.jitgate.audit.event.AdminAction;
import dev.jitgate.audit.event.Alert;
import dev.jitgate.audit.event.AuditEvent;
import dev.jitgate.audit.event.AuditEventJson;
import dev.jitgate.audit.event.ChainFinding;
import dev.jitgate.audit.event.ChainVerifier;
import dev.jitgate.audit.event.ParseResult;
import dev.jitgate.audit.event.SessionEnd;
import dev.jitgate.audit.event.SessionReject;
import dev.jitgate.auditor.ingest.ChainAlert;
import dev.jitgate.auditor.session.SessionSummary;
import dev.jitgate.auditor.store.AuditStore;
import dev.jitgate.auditor.store.SessionQuery;
import dev.jitgate.auditor.store.StoredEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Re-verifies, from storage, the hash chains of the sessions active in a time range: every stored event is
 * re-hashed from its canonical line, so an event removed or altered in the store after ingestion is found,
 * and so is a session without {@code session.end} that is no longer open.
 *
 * <p>The sessions are those with a stored summary ({@link AuditStore#sessions}). Besides the chain itself
 * ({@link ChainVerifier#verify}: gaps, altered links, conflicts) it compares each session with its summary:
 * events the summary saw but the store no longer holds (a removed tail), a recorded end without a stored
 * {@code session.end}, and a session never ended whose last event is older than {@code staleAfter} (admin and
 * alert streams, which have no end, excepted).
 */
public final class ChainAudit {
  /** How long a session may stay without {@code session.end} by default. */
  public static final Duration DEFAULT_STALE_AFTER = Duration.ofHours(24);

  private final AuditStore store;
  private final AuditEventJson json;
  private final ChainVerifier verifier;
  private final Duration staleAfter;
  private final Clock clock;

  /** An audit reading from {@code store}, flagging sessions open for more than 24 h. */
  public ChainAudit(AuditStore store) {
    this(store, new AuditEventJson(), DEFAULT_STALE_AFTER, Clock.systemUTC());
  }

  /**
   * An audit with explicit parts.
   *
   * @param staleAfter a session not ended whose last event is older than this (by {@code clock}) is reported
   */
  public ChainAudit(AuditStore store, AuditEventJson json, Duration staleAfter, Clock clock) {
    this.store = Objects.requireNonNull(store, "store");
    this.json = Objects.requireNonNull(json, "json");
    this.verifier = new ChainVerifier(json);
    this.staleAfter = Objects.requireNonNull(staleAfter, "staleAfter");
    if (staleAfter.isNegative()) {
      throw new IllegalArgumentException("staleAfter: must not be negative");
    }
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Verifies the sessions active in {@code [from, to)} (either bound may be null), at most {@code maxSessions}
   * of them (1..10,000), the newest when more match.
   *
   * @throws IllegalArgumentException naming the parameter when the range or the count is invalid
   */
  public VerificationReport verify(Instant from, Instant to, int maxSessions) {
    if (maxSessions < 1 || maxSessions > SessionQuery.MAX_LIMIT) {
      throw new IllegalArgumentException("maxSessions: must be 1.." + SessionQuery.MAX_LIMIT);
    }
    int limit = Math.min(maxSessions + 1, SessionQuery.MAX_LIMIT);
    List<SessionSummary> found =
        store.sessions(new SessionQuery(null, null, null, from, to, null, null, limit));
    boolean truncated = found.size() > maxSessions
        || (maxSessions == SessionQuery.MAX_LIMIT && found.size() == SessionQuery.MAX_LIMIT);
    List<SessionSummary> checked = new ArrayList<>(found.subList(0, Math.min(found.size(), maxSessions)));
    checked = checked.reversed();
    Instant staleBefore = clock.instant().minus(staleAfter);
    long events = 0;
    List<VerificationReport.SessionProblem> problems = new ArrayList<>();
    for (SessionSummary summary : checked) {
      List<StoredEvent> stored = store.sessionEvents(summary.session());
      events += stored.size();
      List<String> findings = check(summary, stored, staleBefore);
      if (!findings.isEmpty()) {
        problems.add(new VerificationReport.SessionProblem(summary.session(), findings));
      }
    }
    return new VerificationReport(checked.size(), events, problems, truncated);
  }

  private List<String> check(SessionSummary summary, List<StoredEvent> stored, Instant staleBefore) {
    List<String> findings = new ArrayList<>();
    List<AuditEvent> events = new ArrayList<>();
    for (StoredEvent row : stored) {
      switch (json.read(row.line())) {
        case ParseResult.Ok ok -> {
          AuditEvent event = ok.event();
          if (!event.id().equals(row.id()) || event.seq() != row.seq() || !event.session().equals(row.session())) {
            findings.add("mismatch: seq " + row.seq() + " (event " + row.id()
                + ") has indexed columns that differ from its stored line");
          }
          events.add(event);
        }
        case ParseResult.Invalid bad -> findings.add("unreadable: seq " + row.seq() + " (event " + row.id()
            + ") stored line is not a valid event (field " + bad.field() + ")");
      }
    }
    if (!events.isEmpty()) {
      for (ChainFinding finding : verifier.verify(events)) {
        findings.add(ChainAlert.describe(finding));
      }
    }
    long highest = stored.isEmpty() ? 0 : stored.getLast().seq();
    if (summary.lastSeq() > highest) {
      findings.add("gap: seq " + (highest + 1) + ".." + summary.lastSeq() + " missing (the tail the summary saw)");
    }
    boolean endStored = events.stream()
        .anyMatch(e -> e.body() instanceof SessionEnd || e.body() instanceof SessionReject);
    if (summary.ended() && !endStored) {
      findings.add("missing session.end: the summary recorded the end at " + summary.endedAt()
          + " but no end event is stored");
    }
    // admin and alert streams have no session.end: they last as long as the process that writes them
    boolean stream = events.stream().anyMatch(e -> e.body() instanceof AdminAction || e.body() instanceof Alert);
    if (!summary.ended() && !stored.isEmpty() && !stream) {
      Instant last = stored.stream().map(StoredEvent::time).max(Instant::compareTo).orElseThrow();
      if (last.isBefore(staleBefore)) {
        findings.add("no session.end (last event " + last + ")");
      }
    }
    return findings;
  }
}
