package dev.jitgate.auditor.store;

import dev.jitgate.audit.event.AuditEvent;
import java.util.List;

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

  /** Every stored event of {@code session}, by seq. */
  List<StoredEvent> sessionEvents(String session);

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
