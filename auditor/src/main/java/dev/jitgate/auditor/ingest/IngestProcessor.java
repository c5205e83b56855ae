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
import dev.jitgate.auditor.store.AuditAlert;
import dev.jitgate.auditor.store.AuditStore;
import dev.jitgate.auditor.store.IngestResult;
import dev.jitgate.auditor.store.StoredEvent;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ingests NDJSON bodies of audit events: every line is validated (bad lines become {@link LineError}s and
 * are not stored), each touched session's hash chain is checked against what was received before
 * ({@link ChainCheck}), the new events are classified and folded into the session's {@link SessionSummary},
 * and chain problems become {@link ChainAlert}s (logged at WARN with the prefix {@code ALERT}) and flag the
 * session {@link SessionFlag#CHAIN_BROKEN}. The valid events, the changed summaries and the alerts are
 * written in one store transaction ({@link AuditStore#append(List, List, List)}; the store dedupes events
 * by id).
 *
 * <p>Per session it keeps the chain head and the summary in memory, for at most {@code maxSessions}
 * sessions (least recently used are evicted). A session not in memory (first sight, after a restart or an
 * eviction) is loaded from its stored summary and its stored chain head (the last event) alone; only a
 * session stored without a summary (by an older version) is rebuilt from all its events. The in-memory
 * state changes only after the store accepted the batch, so a failed append ({@code AuditStoreException})
 * leaves it as it was and the sender can retry.
 *
 * <p>Thread-safe: parsing, canonical serialization, hashing and classification run outside the lock, and
 * for large bodies on several cores;
 * the rest of {@link #ingest} (chain check, aggregation, the store write) is serialized, one batch at a
 * time, which the chain check needs. {@link #summary} may be called concurrently.
 */
public final class IngestProcessor {
  /** Sessions kept in memory by default. */
  public static final int DEFAULT_MAX_SESSIONS = 10_000;

  private static final Logger LOG = LoggerFactory.getLogger(IngestProcessor.class);

  /** Bodies with at least this many lines are parsed on several cores (the common fork-join pool). */
  private static final int PARALLEL_LINES = 64;


  private final AuditStore store;
  private final AuditEventJson json;
  private final StatementClassifier classifier;
  private final SessionAggregator aggregator;
  private final Clock clock;
  private final ChainCheck chainCheck;
  private final ChainVerifier verifier;
  private final Map<String, SessionState> sessions;
  /** One SHA-256 digest per parsing thread (a digest is not thread-safe; it resets after each use). */
  private final ThreadLocal<MessageDigest> sha256 = ThreadLocal.withInitial(CanonicalEvent::sha256);

  /** A processor storing into {@code store}, with the default classifier and aggregation limits. */
  public IngestProcessor(AuditStore store, AuditEventJson json) {
    this(store, json, new StatementClassifier(), new SessionAggregator());
  }

  /** A processor with explicit parts, the system clock and {@value #DEFAULT_MAX_SESSIONS} sessions in memory. */
  public IngestProcessor(AuditStore store, AuditEventJson json, StatementClassifier classifier,
      SessionAggregator aggregator) {
    this(store, json, classifier, aggregator, Clock.systemUTC(), DEFAULT_MAX_SESSIONS);
  }

  /**
   * A processor with explicit parts.
   *
   * @param clock gives the detection time of alerts
   * @param maxSessions sessions whose state is kept in memory, at least 1
   */
  public IngestProcessor(AuditStore store, AuditEventJson json, StatementClassifier classifier,
      SessionAggregator aggregator, Clock clock, int maxSessions) {
    this.store = Objects.requireNonNull(store, "store");
    this.json = Objects.requireNonNull(json, "json");
    this.classifier = Objects.requireNonNull(classifier, "classifier");
    this.aggregator = Objects.requireNonNull(aggregator, "aggregator");
    this.clock = Objects.requireNonNull(clock, "clock");
    if (maxSessions < 1) {
      throw new IllegalArgumentException("maxSessions: must be at least 1");
    }
    this.chainCheck = new ChainCheck();
    this.verifier = new ChainVerifier(json);
    this.sessions = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, SessionState> eldest) {
        return size() > maxSessions;
      }
    });
  }

  /**
   * Ingests one NDJSON body (null or empty: nothing to do).
   *
   * @throws dev.jitgate.auditor.store.AuditStoreException when the store fails; nothing was stored then
   */
  public IngestReport ingest(String ndjsonBody) {
    Parsed parsed = parse(ndjsonBody);
    synchronized (this) {
      return apply(parsed);
    }
  }

  /** A body's lines, validated, written, hashed and classified: the work that needs no lock. */
  private record Parsed(List<LineError> invalid, List<AuditEvent> valid, List<String> lines,
      Map<String, List<CanonicalEvent>> bySession) {}

  private Parsed parse(String ndjsonBody) {
    List<String> lines = lines(ndjsonBody);
    Object[] results = new Object[lines.size()];
    IntStream indexes = IntStream.range(0, lines.size());
    if (lines.size() >= PARALLEL_LINES) {
      indexes = indexes.parallel();
    }
    indexes.forEach(i -> {
      String line = lines.get(i);
      results[i] = line == null ? null : switch (json.read(i + 1, line)) {
        case ParseResult.Ok ok -> CanonicalEvent.of(json, ok.event(), sha256.get(), classifier);
        case ParseResult.Invalid bad -> new LineError(bad.line(), bad.field(), bad.reason());
      };
    });
    List<LineError> invalid = new ArrayList<>();
    List<AuditEvent> valid = new ArrayList<>(results.length);
    List<String> canonicalLines = new ArrayList<>(results.length);
    Map<String, List<CanonicalEvent>> bySession = new LinkedHashMap<>();
    for (Object result : results) {
      if (result instanceof LineError error) {
        invalid.add(error);
      } else if (result instanceof CanonicalEvent canonical) {
        valid.add(canonical.event());
        canonicalLines.add(canonical.line());
        bySession.computeIfAbsent(canonical.event().session(), s -> new ArrayList<>()).add(canonical);
      }
    }
    return new Parsed(invalid, valid, canonicalLines, bySession);
  }

  /**
   * The body's lines as {@link AuditEventJson#readLines} splits them ({@code \n}, {@code \r\n} or
   * {@code \r}), an empty line as null so that line numbers stay right.
   */
  private static List<String> lines(String body) {
    List<String> lines = new ArrayList<>();
    try (BufferedReader in = new BufferedReader(new StringReader(body == null ? "" : body))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        lines.add(line.isEmpty() ? null : line);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return lines;
  }

  private IngestReport apply(Parsed parsed) {
    Map<String, SessionState> next = new LinkedHashMap<>();
    List<ChainAlert> alerts = new ArrayList<>();
    List<SessionSummary> changed = new ArrayList<>();
    parsed.bySession().forEach((session, events) -> {
      SessionState before = state(session);
      ChainCheck.Result checked =
          chainCheck.check(session, before.head(), events, () -> store.sessionEvents(session));
      checked.findings().forEach(f -> ChainAlert.of(f).ifPresent(alerts::add));
      SessionSummary summary = before.summary();
      for (CanonicalEvent c : checked.fresh()) {
        summary = aggregator.apply(summary, c.event(), c.classification());
      }
      summary = flagBroken(session, summary, checked.findings());
      if (summary != null && (!before.stored() || !summary.equals(before.summary()))) {
        changed.add(summary);
      }
      next.put(session, new SessionState(checked.head(), summary, true));
    });
    Instant now = clock.instant();
    List<AuditAlert> stored = alerts.stream().map(a -> a.toAuditAlert(now)).toList();
    List<AuditEvent> valid = parsed.valid();
    IngestResult result = valid.isEmpty() && changed.isEmpty() && stored.isEmpty()
        ? new IngestResult(0, 0)
        : store.append(valid, parsed.lines(), changed, stored);
    sessions.putAll(next);
    for (AuditAlert alert : stored) {
      LOG.warn("ALERT audit chain {} in session {}: {}", alert.kind(), printable(alert.session()), alert.detail());
    }
    return new IngestReport(result.stored(), result.duplicates(), parsed.invalid(), alerts);
  }

  /** The summary of {@code session} as far as ingested: from memory, else from the store. */
  public Optional<SessionSummary> summary(String session) {
    SessionState state = sessions.get(session);
    if (state != null) {
      return Optional.ofNullable(state.summary());
    }
    return session == null || session.isBlank() ? Optional.empty() : store.summary(session);
  }

  /** How many sessions' state is held in memory. */
  public int sessionsInMemory() {
    return sessions.size();
  }

  private SessionState state(String session) {
    SessionState known = sessions.get(session);
    return known != null ? known : load(session);
  }

  /**
   * The state of a session not in memory: its stored summary and the head of its stored chain; a session
   * with events but no stored summary is rebuilt from its events.
   */
  private SessionState load(String session) {
    Optional<StoredEvent> last = store.lastEvent(session);
    if (last.isEmpty()) {
      return SessionState.NEW;
    }
    Optional<SessionSummary> summary = store.summary(session);
    if (summary.isEmpty()) {
      return rebuild(session);
    }
    return switch (json.read(last.get().line())) {
      case ParseResult.Ok ok -> new SessionState(new ChainLink(ok.event().seq(), json.hash(ok.event())),
          summary.get(), true);
      case ParseResult.Invalid bad -> rebuild(session);
    };
  }

  /** The state of a session from all its stored events. */
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
      summary = (summary == null ? SessionSummary.empty(session) : summary).withFlag(SessionFlag.CHAIN_BROKEN);
    }
    ChainLink head = stored.isEmpty()
        ? ChainLink.GENESIS
        : new ChainLink(stored.getLast().seq(), json.hash(stored.getLast()));
    return new SessionState(head, summary, false);
  }

  private SessionSummary fold(String session, SessionSummary current, List<AuditEvent> events,
      List<ChainFinding> findings) {
    SessionSummary summary = current;
    for (AuditEvent event : events) {
      summary = aggregator.apply(summary, event, classification(event));
    }
    return flagBroken(session, summary, findings);
  }

  private static SessionSummary flagBroken(String session, SessionSummary summary, List<ChainFinding> findings) {
    if (findings.isEmpty()) {
      return summary;
    }
    return (summary == null ? SessionSummary.empty(session) : summary).withFlag(SessionFlag.CHAIN_BROKEN);
  }

  private Classification classification(AuditEvent event) {
    return event.body() instanceof Statement statement && statement.sql() != null
        ? classifier.classify(statement.sql())
        : null;
  }

  /** {@code text} with control characters replaced, so a log line stays one line. */
  private static String printable(String text) {
    StringBuilder out = new StringBuilder(text.length());
    text.codePoints().forEach(c -> out.appendCodePoint(Character.isISOControl(c) ? '?' : c));
    return out.toString();
  }
}
