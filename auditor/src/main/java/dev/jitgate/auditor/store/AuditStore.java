package dev.jitgate.auditor.store;

import dev.jitgate.audit.event.AuditEvent;
import dev.jitgate.auditor.session.SessionSummary;
import java.util.List;
import java.util.Optional;

/**
 * Durable storage and search of audit events. Implementations (embedded SQLite, later OpenSearch) are
 * thread-safe; bad query input is reported as {@link IllegalArgumentException} naming the field.
 */
public interface AuditStore extends AutoCloseable {

  /**
   * Stores {@code events} atomically: either all new events are durable when this returns, or none.
   * Events whose id is already stored (or repeated in the batch) are ignored and counted as duplicates.
   */
  IngestResult append(List<AuditEvent> events);

  /**
   * Like {@link #append(List)}, and in the same transaction replaces the stored summary of each session in
   * {@code summaries} and records {@code alerts}: the ingest processor's one write per batch.
   */
  IngestResult append(List<AuditEvent> events, List<SessionSummary> summaries, List<AuditAlert> alerts);

  /**
   * Like {@link #append(List, List, List)} for a caller that already wrote each event's canonical line:
   * {@code canonicalLines.get(i)} must be {@code AuditEventJson.write(events.get(i))}, so the store need not
   * serialize the events again. The default ignores the lines.
   */
  default IngestResult append(List<AuditEvent> events, List<String> canonicalLines, List<SessionSummary> summaries,
      List<AuditAlert> alerts) {
    return append(events, summaries, alerts);
  }

  /**
   * Starts one atomic append whose events arrive in parts ({@link Append#add}), so that a caller can
   * write the first events of a batch while it still reads the rest. Nothing is visible to readers
   * before {@link Append#commit}; {@link Append#close} without a commit discards it all. Reads on this
   * store made while an append is open see only committed data. The caller must use the append from one
   * thread and close it. The default collects the parts and makes one
   * {@link #append(List, List, List, List)} at commit.
   */
  default Append begin() {
    return new CollectingAppend(this);
  }

  /**
   * One atomic append in progress ({@link #begin}).
   */
  interface Append extends AutoCloseable {
    /**
     * Adds {@code events} (and their canonical lines, as in {@link #append(List, List, List, List)}, or
     * null) to this append.
     */
    void add(List<AuditEvent> events, List<String> canonicalLines);

    /**
     * Adds the summaries and alerts, and makes everything durable at once.
     *
     * @return how many of all added events were new and how many were duplicates
     */
    IngestResult commit(List<SessionSummary> summaries, List<AuditAlert> alerts);

    /**
     * Like {@link #commit(List, List)} for a caller that already wrote each summary's JSON:
     * {@code summaryTexts.get(i)} must be {@code SessionSummaryJson.write(summaries.get(i))}, so the store
     * need not write it while it holds the writer. The default ignores the texts.
     */
    default IngestResult commit(List<SessionSummary> summaries, List<String> summaryTexts,
        List<AuditAlert> alerts) {
      return commit(summaries, alerts);
    }

    /** Discards the append unless it was committed; releases what it holds. */
    @Override
    void close();
  }

  /** The stored summary of {@code session}, if any. */
  Optional<SessionSummary> summary(String session);

  /** Session summaries matching {@code query}, newest first. */
  List<SessionSummary> sessions(SessionQuery query);

  /** The statements of {@code session} in order (by seq), each with its result when stored. */
  List<StatementHit> sessionStatements(String session);

  /**
   * One page of {@code session}'s statements in order: those with a seq above {@code afterSeq}, at most
   * {@code limit} of them. The default filters {@link #sessionStatements(String)}; implementations answer it
   * with one indexed read, so that a session of millions of statements can be read page by page.
   */
  default List<StatementHit> sessionStatements(String session, long afterSeq, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit: must be at least 1");
    }
    return sessionStatements(session).stream().filter(h -> h.seq() > afterSeq).limit(limit).toList();
  }

  /**
   * The stored events of {@code session} with a seq in {@code [fromSeq, toSeq]}, by seq. The default filters
   * {@link #sessionEvents(String)}; implementations answer it with one indexed read.
   */
  default List<StoredEvent> sessionEvents(String session, long fromSeq, long toSeq) {
    return sessionEvents(session).stream().filter(e -> e.seq() >= fromSeq && e.seq() <= toSeq).toList();
  }

  /** The alerts of {@code session} in the order they were found; all sessions' when null (newest 1,000). */
  List<AuditAlert> alerts(String session);

  /** Every stored event of {@code session}, by seq. */
  List<StoredEvent> sessionEvents(String session);

  /**
   * The stored event of {@code session} with the highest seq (the chain head as stored), if any. The default
   * reads the whole session; implementations answer it with one indexed read.
   */
  default Optional<StoredEvent> lastEvent(String session) {
    List<StoredEvent> events = sessionEvents(session);
    return events.isEmpty() ? Optional.empty() : Optional.of(events.getLast());
  }

  /** Statements matching {@code query}, newest first, each with its result when stored. */
  List<StatementHit> searchStatements(StatementQuery query);

  /** One page of events in export order; continue with {@link EventPage#next()}. */
  EventPage events(EventQuery query);

  /** How many events are stored. */
  long count();

  /** Releases the store's resources. */
  @Override
  void close();
}
