package dev.jitgate.auditor.store;

import java.time.Instant;
import java.util.Objects;

/**
 * A position in the export order (time, then session, seq and id): a page continues with the events
 * strictly after it. Made of event fields only, so any store can resume from it.
 *
 * @param time the last event's time
 * @param session the last event's session
 * @param seq the last event's seq
 * @param id the last event's id
 */
public record EventCursor(Instant time, String session, long seq, String id) {

  public EventCursor {
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(session, "session");
    Objects.requireNonNull(id, "id");
  }
}
