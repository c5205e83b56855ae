package dev.jitgate.auditor.store;

import dev.jitgate.auditor.session.SessionFlag;
import java.time.Instant;

/**
 * A search for sessions, newest first (by start time). Every non-null filter must hold. {@code text} is plain
 * user text with the meaning of {@link StatementQuery#text()}: a session matches when at least one of its
 * statements contains every word.
 *
 * @param principal only this engineer, or null
 * @param integration only this integration, or null
 * @param database only this database, or null
 * @param from sessions active at or after this instant (ended at or after it, or still open), or null
 * @param to sessions started before this instant, or null
 * @param flag only sessions with this risk flag, or null
 * @param text words one of the session's statements must contain, or null
 * @param limit how many sessions at most, 1..{@value #MAX_LIMIT}
 */
public record SessionQuery(String principal, String integration, String database, Instant from, Instant to,
    SessionFlag flag, String text, int limit) {

  /** The most sessions one search returns. */
  public static final int MAX_LIMIT = 10_000;

  public SessionQuery {
    if (text != null && text.length() > StatementQuery.MAX_TEXT) {
      throw new IllegalArgumentException("text: must be at most " + StatementQuery.MAX_TEXT + " characters");
    }
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit: must be 1.." + MAX_LIMIT);
    }
    if (from != null && to != null && !to.isAfter(from)) {
      throw new IllegalArgumentException("to: must be after from");
    }
  }

  /** Every session, newest first, at most {@code limit}. */
  public static SessionQuery all(int limit) {
    return new SessionQuery(null, null, null, null, null, null, null, limit);
  }
}
