package dev.jitgate.auditor.ingest;

import dev.jitgate.audit.event.Alert;
import dev.jitgate.audit.event.AuditEvent;
import dev.jitgate.audit.event.AuditEventJson;
import dev.jitgate.audit.event.ChainFinding;
import dev.jitgate.audit.event.ChainLink;
import dev.jitgate.audit.event.ChainVerifier;
import dev.jitgate.audit.event.ParseResult;
import dev.jitgate.audit.event.Statement;
import dev.jitgate.audit.event.UuidV7;
import dev.jitgate.auditor.classify.Classification;
import dev.jitgate.auditor.classify.StatementClassifier;
import dev.jitgate.auditor.session.SessionAggregator;
import dev.jitgate.auditor.session.SessionFlag;
import dev.jitgate.auditor.session.SessionSummary;
import dev.jitgate.auditor.session.SessionSummaryJson;
import dev.jitgate.auditor.store.AuditAlert;
import dev.jitgate.auditor.store.AuditStore;
import dev.jitgate.auditor.store.IngestResult;
import dev.jitgate.auditor.store.StoredEvent;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.SecureRandom;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ingests NDJSON bodies of audit events: every line is validated (bad lines become {@link LineError}s and
 * are not stored), each touched session's hash chain is checked against what was received before
 * ({@link ChainCheck}), the new events are classified and folded into the session's {@link SessionSummary},
 * and chain problems become {@link ChainAlert}s (logged at WARN with the prefix {@code ALERT}) and flag the
 * session {@link SessionFlag#CHAIN_BROKEN}. Each alert is also an {@code alert} event in this processor's own
 * hash chain (session {@code auditor-<UUIDv7>}, see {@link AlertChain}); producers may send neither alert
 * events nor events of such a session (they are bad lines). The valid events, the alert events, the changed
 * summaries and the alert rows are written in one store transaction ({@link AuditStore#begin}; the store
 * dedupes events by id).
 *
 * <p>Per session it keeps the chain head and the summary in memory, for at most {@code maxSessions}
 * sessions (least recently used are evicted). A session not in memory (first sight, after a restart or an
 * eviction) is loaded from its stored summary and its stored chain head (the last event) alone; only a
 * session stored without a summary (by an older version) is rebuilt from all its events. The in-memory
 * state changes only after the store accepted the batch, so a failed append ({@code AuditStoreException})
 * leaves it as it was and the sender can retry.
 *
 * <p>Thread-safe. Parsing, hashing and classification (cached by SQL text) run on the calling thread and the
 * common fork-join pool, also while another batch is being written. One batch at a time holds the writer: its
 * events are inserted chunk by chunk as they are parsed, the chain check and the aggregation run beside the
 * inserts against the store's committed state, and the summaries, alerts and the commit come last (see
 * {@link #ingest}). {@link #summary} may be called concurrently.
 */
public final class IngestProcessor {
  /** Sessions kept in memory by default. */
  public static final int DEFAULT_MAX_SESSIONS = 10_000;
  /** The {@code proxy} field of the alert events when no name is given. */
  public static final String DEFAULT_NAME = "auditor";

  private static final Logger LOG = LoggerFactory.getLogger(IngestProcessor.class);


  private final AuditStore store;
  private final AuditEventJson json;
  private final StatementClassifier classifier;
  private final SessionAggregator aggregator;
  private final Clock clock;
  private final ChainCheck chainCheck;
  private final ChainVerifier verifier;
  private final Map<String, SessionState> sessions;
  /** Held by the batch being written: the chain check and the store append are one batch at a time. */
  private final ReentrantLock writer = new ReentrantLock();
  private final ClassificationCache classifications;
  /** One SHA-256 digest per parsing thread (a digest is not thread-safe; it resets after each use). */
  private final ThreadLocal<MessageDigest> sha256 = ThreadLocal.withInitial(CanonicalEvent::sha256);
  /** This auditor's chain of alert events; used by the batch holding {@link #writer} only. */
  private final AlertChain alertChain;
  /** Writes the changed summaries' JSON for the store, beside the inserts (thread-safe). */
  private final SessionSummaryJson summaryJson = new SessionSummaryJson();

  /** A processor storing into {@code store}, with the default classifier and aggregation limits. */
  public IngestProcessor(AuditStore store, AuditEventJson json) {
    this(store, json, new StatementClassifier(), new SessionAggregator());
  }

  /**
   * A processor storing into {@code store}, with the default classifier and aggregation limits, whose alert
   * events carry {@code name}.
   */
  public IngestProcessor(AuditStore store, AuditEventJson json, String name) {
    this(store, json, new StatementClassifier(), new SessionAggregator(), Clock.systemUTC(), DEFAULT_MAX_SESSIONS,
        name);
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
    this(store, json, classifier, aggregator, clock, maxSessions, DEFAULT_NAME);
  }

  /**
   * A processor with explicit parts.
   *
   * @param clock gives the detection time of alerts
   * @param maxSessions sessions whose state is kept in memory, at least 1
   * @param name the auditor's name: the {@code proxy} field of its {@code alert} events
   */
  public IngestProcessor(AuditStore store, AuditEventJson json, StatementClassifier classifier,
      SessionAggregator aggregator, Clock clock, int maxSessions, String name) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("name: must not be blank");
    }
    this.store = Objects.requireNonNull(store, "store");
    this.json = Objects.requireNonNull(json, "json");
    this.classifier = Objects.requireNonNull(classifier, "classifier");
    this.aggregator = Objects.requireNonNull(aggregator, "aggregator");
    this.clock = Objects.requireNonNull(clock, "clock");
    if (maxSessions < 1) {
      throw new IllegalArgumentException("maxSessions: must be at least 1");
    }
    this.chainCheck = new ChainCheck();
    this.classifications = new ClassificationCache(classifier, ClassificationCache.DEFAULT_CAPACITY);
    this.verifier = new ChainVerifier(json);
    this.alertChain = new AlertChain(name, new UuidV7(clock, new SecureRandom()), json, aggregator);
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
   * <p>The body is parsed in chunks of lines on the calling thread and, for large bodies, on the common
   * fork-join pool. As soon as this call holds the writer, it opens one store append ({@link AuditStore#begin})
   * and writes each chunk's events as soon as the chunk is parsed, in order, while the other chunks are still
   * being parsed; the chain check and the aggregation run as one more task beside those writes (they read
   * the store's committed state only). The summaries and alerts are added and the append is committed last,
   * so the batch is still stored atomically.
   *
   * @throws dev.jitgate.auditor.store.AuditStoreException when the store fails; nothing was stored then
   */
  public IngestReport ingest(String ndjsonBody) {
    ParseWork work = new ParseWork(lines(ndjsonBody));
    int helpers = Math.min(work.chunks() - 1, Math.max(1, ForkJoinPool.getCommonPoolParallelism()));
    for (int i = 0; i < helpers; i++) {
      ForkJoinPool.commonPool().execute(work::parseAll);
    }
    // parse while another batch is being written
    while (!writer.tryLock()) {
      if (!work.parseNext()) {
        writer.lock();
        break;
      }
    }
    try {
      return write(work);
    } finally {
      writer.unlock();
    }
  }

  /** The writer's part: one store append fed chunk by chunk, the analysis beside it, one commit. */
  private IngestReport write(ParseWork work) {
    CompletableFuture<Analysis> analysis = new CompletableFuture<>();
    AtomicBoolean analysisClaimed = new AtomicBoolean();
    Runnable analyze = () -> {
      if (analysisClaimed.compareAndSet(false, true)) {
        try {
          work.parseAll();
          analysis.complete(analyze(work.awaitAll()));
        } catch (Throwable t) {
          analysis.completeExceptionally(t);
        }
      }
    };
    if (work.chunks() > 1) {
      ForkJoinPool.commonPool().execute(analyze);
    }
    AuditStore.Append append = null;
    try {
      for (int i = 0; i < work.chunks(); i++) {
        Chunk chunk = work.await(i);
        if (!chunk.events().isEmpty()) {
          if (append == null) {
            append = store.begin();
          }
          append.add(chunk.events(), chunk.lines());
        }
      }
      analyze.run(); // when no helper has started it, this thread does it
      Analysis done = join(analysis);
      Instant now = clock.instant();
      List<AuditAlert> stored = done.alerts().stream().map(a -> a.toAuditAlert(now)).toList();
      AlertChain.Extension alertEvents = alertChain.extend(done.alerts(), now);
      IngestResult result;
      if (append == null && done.changed().isEmpty() && stored.isEmpty()) {
        result = new IngestResult(0, 0);
      } else {
        if (append == null) {
          append = store.begin();
        }
        List<SessionSummary> changed = done.changed();
        List<String> texts = done.changedTexts();
        if (!alertEvents.events().isEmpty()) {
          append.add(alertEvents.events(), alertEvents.lines());
          changed = new ArrayList<>(changed);
          changed.add(alertEvents.summary());
          texts = new ArrayList<>(texts);
          texts.add(summaryJson.write(alertEvents.summary()));
        }
        IngestResult committed = append.commit(changed, texts, stored);
        result = new IngestResult(committed.stored() - alertEvents.events().size(), committed.duplicates());
      }
      alertChain.committed(alertEvents);
      sessions.putAll(done.next());
      for (AuditAlert alert : stored) {
        LOG.warn("ALERT audit chain {} in session {}: {}", alert.kind(), printable(alert.session()),
            alert.detail());
      }
      return new IngestReport(result.stored(), result.duplicates(), work.invalid(), done.alerts());
    } finally {
      if (append != null) {
        append.close();
      }
    }
  }

  private static <T> T join(CompletableFuture<T> analysis) {
    try {
      return analysis.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw e;
    }
  }

  /** Lines per parse chunk: the unit handed from the parsing threads to the writer. */
  private static final int CHUNK_LINES = 100;

  /** One chunk's outcome: its valid events with their canonical lines, and its bad lines. */
  private record Chunk(List<CanonicalEvent> canonical, List<AuditEvent> events, List<String> lines,
      List<LineError> invalid) {}

  /**
   * The parsing of one body, shared by the threads that take part: chunks are claimed in order by whoever
   * asks next ({@link #parseNext}); {@link #await} waits for a chunk, parsing unclaimed ones meanwhile.
   */
  private final class ParseWork {
    private final List<String> lines;
    private final int chunks;
    private final AtomicInteger next = new AtomicInteger();
    private final CompletableFuture<Chunk>[] results;

    @SuppressWarnings("unchecked")
    ParseWork(List<String> lines) {
      this.lines = lines;
      this.chunks = Math.max(1, (lines.size() + CHUNK_LINES - 1) / CHUNK_LINES);
      this.results = new CompletableFuture[chunks];
      for (int i = 0; i < chunks; i++) {
        results[i] = new CompletableFuture<>();
      }
    }

    int chunks() {
      return chunks;
    }

    /** Parses the next unclaimed chunk; false when none is left. */
    boolean parseNext() {
      int i = next.getAndIncrement();
      if (i >= chunks) {
        return false;
      }
      try {
        results[i].complete(parse(i));
      } catch (Throwable t) {
        results[i].completeExceptionally(t);
      }
      return true;
    }

    void parseAll() {
      while (parseNext()) {
        // each call parses one chunk
      }
    }

    /** Chunk {@code i}, parsing other chunks (or it) while it is not ready. */
    Chunk await(int i) {
      while (!results[i].isDone() && parseNext()) {
        // helped
      }
      return join(results[i]);
    }

    List<Chunk> awaitAll() {
      List<Chunk> all = new ArrayList<>(chunks);
      for (int i = 0; i < chunks; i++) {
        all.add(await(i));
      }
      return all;
    }

    List<LineError> invalid() {
      List<LineError> invalid = new ArrayList<>();
      for (int i = 0; i < chunks; i++) {
        invalid.addAll(join(results[i]).invalid());
      }
      return invalid;
    }

    private Chunk parse(int chunk) {
      int from = chunk * CHUNK_LINES;
      int to = Math.min(lines.size(), from + CHUNK_LINES);
      List<CanonicalEvent> canonical = new ArrayList<>(to - from);
      List<AuditEvent> events = new ArrayList<>(to - from);
      List<String> canonicalLines = new ArrayList<>(to - from);
      List<LineError> invalid = new ArrayList<>();
      MessageDigest digest = sha256.get();
      for (int i = from; i < to; i++) {
        String line = lines.get(i);
        if (line == null) {
          continue;
        }
        switch (json.read(i + 1, line)) {
          case ParseResult.Ok ok when ok.event().body() instanceof Alert ->
              invalid.add(new LineError(i + 1, "type", "alert events are written by the auditor itself"));
          case ParseResult.Ok ok when ok.event().session().startsWith(AlertChain.SESSION_PREFIX) ->
              invalid.add(new LineError(i + 1, "session", "the prefix " + AlertChain.SESSION_PREFIX
                  + " is reserved for the auditor's own chains"));
          case ParseResult.Ok ok -> {
            CanonicalEvent c = CanonicalEvent.of(ok.event(), ok.canonicalLine(), digest, classifications);
            canonical.add(c);
            events.add(c.event());
            canonicalLines.add(c.line());
          }
          case ParseResult.Invalid bad -> invalid.add(new LineError(bad.line(), bad.field(), bad.reason()));
        }
      }
      return new Chunk(canonical, events, canonicalLines, invalid);
    }
  }

  /**
   * What the chain check and the aggregation found for one batch: {@code changedTexts} are the changed
   * summaries as JSON, written here (off the writer) for the store.
   */
  private record Analysis(Map<String, SessionState> next, List<ChainAlert> alerts, List<SessionSummary> changed,
      List<String> changedTexts) {}

  /**
   * The chain check and the aggregation of a parsed body, per session, against the state before it (from
   * memory or the store's committed data). Changes nothing: the caller applies {@code next} after the commit.
   */
  private Analysis analyze(List<Chunk> chunks) {
    Map<String, List<CanonicalEvent>> bySession = new LinkedHashMap<>();
    for (Chunk chunk : chunks) {
      for (CanonicalEvent c : chunk.canonical()) {
        bySession.computeIfAbsent(c.event().session(), s -> new ArrayList<>()).add(c);
      }
    }
    Map<String, SessionState> next = new LinkedHashMap<>();
    List<ChainAlert> alerts = new ArrayList<>();
    List<SessionSummary> changed = new ArrayList<>();
    List<String> changedTexts = new ArrayList<>();
    bySession.forEach((session, events) -> {
      SessionState before = state(session);
      ChainCheck.Result checked =
          chainCheck.check(session, before.head(), events, () -> store.sessionEvents(session));
      checked.findings().forEach(f -> ChainAlert.of(f).ifPresent(alerts::add));
      List<AuditEvent> fresh = new ArrayList<>(checked.fresh().size());
      List<Classification> classes = new ArrayList<>(checked.fresh().size());
      for (CanonicalEvent c : checked.fresh()) {
        fresh.add(c.event());
        classes.add(c.classification());
      }
      SessionSummary summary = flagBroken(session, aggregator.applyAll(before.summary(), fresh, classes),
          checked.findings());
      if (summary != null && (!before.stored() || !summary.equals(before.summary()))) {
        changed.add(summary);
        changedTexts.add(summaryJson.write(summary));
      }
      next.put(session, new SessionState(checked.head(), summary, true));
    });
    return new Analysis(next, alerts, changed, changedTexts);
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

  /** The summary of {@code session} as far as ingested: from memory, else from the store. */
  public Optional<SessionSummary> summary(String session) {
    SessionState state = sessions.get(session);
    if (state != null) {
      return Optional.ofNullable(state.summary());
    }
    return session == null || session.isBlank() ? Optional.empty() : store.summary(session);
  }

  /** The session id of this processor's chain of {@code alert} events ({@code auditor-<UUIDv7>}). */
  public String alertSession() {
    return alertChain.session();
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
        ? classifications.classify(statement.sql())
        : null;
  }

  /** {@code text} with control characters replaced, so a log line stays one line. */
  private static String printable(String text) {
    StringBuilder out = new StringBuilder(text.length());
    text.codePoints().forEach(c -> out.appendCodePoint(Character.isISOControl(c) ? '?' : c));
    return out.toString();
  }
}
