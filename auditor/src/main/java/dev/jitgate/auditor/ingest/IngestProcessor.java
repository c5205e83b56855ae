package dev.jitgate.auditor.ingest;

import dev.jitgate.audit.event.AuditEvent;
import dev.jitgate.audit.event.AuditEventJson;
import dev.jitgate.audit.event.ChainFinding;
import dev.jitgate.audit.event.ChainLink;
import dev.jitgate.audit.event.ChainVerifier;
import dev.jitgate.audit.event.ParseResult;
import dev.jitgate.audit.event.Statement;
import dev.jitgate.auditor.classify.Classification;
import dev.jitgate.auditor.classify.StatementClassifier;
import dev.jitgate.auditor.session.SessionAggregator;
import dev.jitgate.auditor.session.SessionFlag;
import dev.jitgate.auditor.session.SessionSummary;
import dev.jitgate.auditor.store.AuditStore;
import dev.jitgate.auditor.store.IngestResult;
import dev.jitgate.auditor.store.StoredEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Ingests NDJSON bodies of audit events: every line is validated (bad lines become {@link LineError}s and
 * are not stored), the valid events are appended to the {@link AuditStore} (which dedupes by event id),
 * each touched session's hash chain is checked against what was received before ({@link ChainCheck}), and
 * the new events are classified and folded into the session's {@link SessionSummary}; chain problems become
 * {@link ChainAlert}s and flag the session {@link SessionFlag#CHAIN_BROKEN}.
 *
 * <p>Per session it keeps the chain head and the summary in memory. On a session's first sight the state is
 * rebuilt from the store's events of that session (so a restarted auditor continues where it was);
 * summaries are not persisted yet, and the map of sessions is not bounded yet. The in-memory state changes
 * only after the store accepted the batch, so a failed append ({@code AuditStoreException}) leaves it as
 * it was and the sender can retry.
 *
 * <p>Thread-safe: {@link #ingest} is serialized (one writer at a time, which the chain check needs);
 * {@link #summary} may be called concurrently.
 */
public final class IngestProcessor {
  private final AuditStore store;
  private final AuditEventJson json;
  private final StatementClassifier classifier;
  private final SessionAggregator aggregator;
  private final ChainCheck chainCheck;
  private final ChainVerifier verifier;
  private final Map<String, SessionState> sessions = new ConcurrentHashMap<>();

  /** A processor storing into {@code store}, with the default classifier and aggregation limits. */
  public IngestProcessor(AuditStore store, AuditEventJson json) {
    this(store, json, new StatementClassifier(), new SessionAggregator());
  }

  /** A processor with explicit parts. */
  public IngestProcessor(AuditStore store, AuditEventJson json, StatementClassifier classifier,
      SessionAggregator aggregator) {
    this.store = Objects.requireNonNull(store, "store");
    this.json = Objects.requireNonNull(json, "json");
    this.classifier = Objects.requireNonNull(classifier, "classifier");
    this.aggregator = Objects.requireNonNull(aggregator, "aggregator");
    this.chainCheck = new ChainCheck(json);
    this.verifier = new ChainVerifier(json);
  }

  /**
   * Ingests one NDJSON body (null or empty: nothing to do).
   *
   * @throws dev.jitgate.auditor.store.AuditStoreException when the store fails; nothing was stored then
   */
  public synchronized IngestReport ingest(String ndjsonBody) {
    List<LineError> invalid = new ArrayList<>();
    List<AuditEvent> valid = new ArrayList<>();
    for (ParseResult result : json.readLines(ndjsonBody)) {
      switch (result) {
        case ParseResult.Ok ok -> valid.add(ok.event());
        case ParseResult.Invalid bad -> invalid.add(new LineError(bad.line(), bad.field(), bad.reason()));
      }
    }
    Map<String, List<AuditEvent>> bySession = new LinkedHashMap<>();
    for (AuditEvent event : valid) {
      bySession.computeIfAbsent(event.session(), s -> new ArrayList<>()).add(event);
    }
    Map<String, SessionState> next = new LinkedHashMap<>();
    List<ChainAlert> alerts = new ArrayList<>();
    bySession.forEach((session, events) -> {
      SessionState before = state(session);
      ChainCheck.Result checked =
          chainCheck.check(session, before.head(), events, () -> store.sessionEvents(session));
      checked.findings().forEach(f -> ChainAlert.of(f).ifPresent(alerts::add));
      SessionSummary summary = fold(session, before.summary(), checked.fresh(), checked.findings());
      next.put(session, new SessionState(checked.head(), summary));
    });
    IngestResult stored = valid.isEmpty() ? new IngestResult(0, 0) : store.append(valid);
    sessions.putAll(next);
    return new IngestReport(stored.stored(), stored.duplicates(), invalid, alerts);
  }

  /** The summary of {@code session} as far as ingested (or rebuilt from the store) by this processor. */
  public Optional<SessionSummary> summary(String session) {
    SessionState state = sessions.get(session);
    return Optional.ofNullable(state == null ? null : state.summary());
  }

  private SessionState state(String session) {
    SessionState known = sessions.get(session);
    return known != null ? known : rebuild(session);
  }

  /** The state of a session first seen by this processor, from its stored events (if any). */
  private SessionState rebuild(String session) {
    List<AuditEvent> stored = new ArrayList<>();
    boolean unreadable = false;
    for (StoredEvent s : store.sessionEvents(session)) {
      switch (json.read(s.line())) {
        case ParseResult.Ok ok -> stored.add(ok.event());
        case ParseResult.Invalid bad -> unreadable = true;
      }
    }
    if (stored.isEmpty() && !unreadable) {
      return SessionState.NEW;
    }
    stored.sort(Comparator.comparingLong(AuditEvent::seq));
    List<ChainFinding> findings = verifier.verify(stored).stream()
        .filter(f -> !(f instanceof ChainFinding.Duplicate))
        .toList();
    SessionSummary summary = fold(session, null, stored, findings);
    if (unreadable) {
      summary = summary.withFlag(SessionFlag.CHAIN_BROKEN);
    }
    ChainLink head = stored.isEmpty()
        ? ChainLink.GENESIS
        : new ChainLink(stored.getLast().seq(), json.hash(stored.getLast()));
    return new SessionState(head, summary);
  }

  private SessionSummary fold(String session, SessionSummary current, List<AuditEvent> events,
      List<ChainFinding> findings) {
    SessionSummary summary = current;
    for (AuditEvent event : events) {
      summary = aggregator.apply(summary, event, classification(event));
    }
    if (!findings.isEmpty()) {
      summary = (summary == null ? SessionSummary.empty(session) : summary).withFlag(SessionFlag.CHAIN_BROKEN);
    }
    return summary;
  }

  private Classification classification(AuditEvent event) {
    return event.body() instanceof Statement statement && statement.sql() != null
        ? classifier.classify(statement.sql())
        : null;
  }
}
