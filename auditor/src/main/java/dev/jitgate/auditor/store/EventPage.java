package dev.jitgate.auditor.store;

import java.util.List;

/**
 * One page of an export.
 *
 * @param events the events, in export order
 * @param next where the next page starts, or null when this page is the last
 */
public record EventPage(List<StoredEvent> events, EventCursor next) {

  public EventPage {
    events = List.copyOf(events);
  }

  /** Whether another page may follow. */
  public boolean hasMore() {
    return next != null;
  }
}
