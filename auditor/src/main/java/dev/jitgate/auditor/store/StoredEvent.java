package dev.jitgate.auditor.store;

import java.time.Instant;
import java.util.Objects;

/**
 * One stored audit event: its indexed fields and the canonical JSON line exactly as written by
 * {@code AuditEventJson.write} (the bytes its successor's {@code prev} hashes).
 *
 * @param id the event id
 * @param session the session (or admin stream)
 * @param seq the position in the session
 * @param type the event type, e.g. {@code statement.done}
 * @param time when the event happened (microsecond precision)
 * @param principal the engineer, or null
 * @param grant the grant id, or null
 * @param integration the integration, or null
 * @param database the upstream database, or null
 * @param line the canonical JSON line, without newline
 */
public record StoredEvent(
    String id,
    String session,
    long seq,
    String type,
    Instant time,
    String principal,
    String grant,
    String integration,
    String database,
    String line) {

  public StoredEvent {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(session, "session");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(line, "line");
  }

  /** The export cursor that continues after this event. */
  public EventCursor cursor() {
    return new EventCursor(time, session, seq, id);
  }
}
