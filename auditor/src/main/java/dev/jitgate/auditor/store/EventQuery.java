package dev.jitgate.auditor.store;

import java.time.Instant;

/**
 * An export request: events with {@code from <= time < to}, optionally of one session, in time order
 * (ties by session, seq, id), at most {@code limit}, strictly after {@code after}.
 *
 * @param from inclusive lower bound, or null for unbounded
 * @param to exclusive upper bound, or null for unbounded
 * @param session only this session, or null for all
 * @param limit page size, 1..{@value #MAX_LIMIT}
 * @param after the previous page's {@link EventPage#next()}, or null for the first page
 */
public record EventQuery(Instant from, Instant to, String session, int limit, EventCursor after) {

  /** The largest page. */
  public static final int MAX_LIMIT = 100_000;

  public EventQuery {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit: must be 1.." + MAX_LIMIT);
    }
    if (from != null && to != null && !to.isAfter(from)) {
      throw new IllegalArgumentException("to: must be after from");
    }
    if (session != null && session.isBlank()) {
      throw new IllegalArgumentException("session: must not be blank");
    }
  }
}
