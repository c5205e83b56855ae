package dev.jitgate.auditor.store;

import java.time.Instant;

/**
 * A statement search. {@code text} is plain user text, not a query language: it is split into words and a
 * statement matches when its SQL contains every word (each word matched as a phrase of its tokens);
 * punctuation and operators carry no meaning. Null text searches by the filters alone.
 *
 * @param text the words to find, or null
 * @param principal only this engineer, or null
 * @param integration only this integration, or null
 * @param database only this database, or null
 * @param from inclusive lower time bound, or null
 * @param to exclusive upper time bound, or null
 * @param limit how many hits at most, 1..{@value #MAX_LIMIT}
 */
public record StatementQuery(
    String text, String principal, String integration, String database, Instant from, Instant to, int limit) {

  /** The most hits one search returns. */
  public static final int MAX_LIMIT = 10_000;

  /** The longest search text. */
  public static final int MAX_TEXT = 1_000;

  public StatementQuery {
    if (text != null && text.length() > MAX_TEXT) {
      throw new IllegalArgumentException("text: must be at most " + MAX_TEXT + " characters");
    }
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit: must be 1.." + MAX_LIMIT);
    }
    if (from != null && to != null && !to.isAfter(from)) {
      throw new IllegalArgumentException("to: must be after from");
    }
  }

  /** A text search without filters. */
  public static StatementQuery text(String text, int limit) {
    return new StatementQuery(text, null, null, null, null, null, limit);
  }
}
