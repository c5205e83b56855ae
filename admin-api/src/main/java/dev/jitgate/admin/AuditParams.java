package dev.jitgate.admin;

import dev.jitgate.access.model.InvalidFieldException;
import dev.jitgate.auditor.session.SessionFlag;
import dev.jitgate.auditor.store.StatementQuery;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The query parameters of the {@code /v1/audit} routes: RFC 3339 time bounds, a session flag, search text
 * and name filters. Every invalid value is a 400 naming the parameter.
 */
final class AuditParams {
  /** The longest principal, integration, database or session filter. */
  static final int MAX_NAME = 256;
  private static final Pattern STORE_FIELD = Pattern.compile("([a-z][A-Za-z_]{0,40}): (.+)", Pattern.DOTALL);
  private static final String FLAGS = Arrays.stream(SessionFlag.values())
      .map(f -> f.name().toLowerCase(Locale.ROOT))
      .collect(Collectors.joining(", "));

  private AuditParams() {}

  /** An RFC 3339 timestamp with an offset ({@code 2026-11-29T12:00:00Z}), or null when absent. */
  static Instant instant(Context ctx, String name) {
    String value = QueryParams.optional(ctx, name);
    if (value == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(value.trim().toUpperCase(Locale.ROOT), DateTimeFormatter.ISO_OFFSET_DATE_TIME)
          .toInstant();
    } catch (DateTimeParseException e) {
      throw new InvalidFieldException(name, "must be an RFC 3339 timestamp such as 2026-11-29T12:00:00Z");
    }
  }

  /** The time range {@code [from, to)} from the {@code from} and {@code to} parameters; {@code to} after {@code from}. */
  static Range range(Context ctx) {
    Instant from = instant(ctx, "from");
    Instant to = instant(ctx, "to");
    if (from != null && to != null && !to.isAfter(from)) {
      throw new InvalidFieldException("to", "must be after from");
    }
    return new Range(from, to);
  }

  /** {@code flag}: a {@link SessionFlag} name, case-insensitive, or null when absent. */
  static SessionFlag flag(Context ctx) {
    String value = QueryParams.optional(ctx, "flag");
    if (value == null) {
      return null;
    }
    try {
      return SessionFlag.valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new InvalidFieldException("flag", "must be one of " + FLAGS);
    }
  }

  /** {@code q}: plain search words (at most {@link StatementQuery#MAX_TEXT} characters), or null. */
  static String text(Context ctx) {
    String value = QueryParams.optional(ctx, "q");
    if (value != null && value.length() > StatementQuery.MAX_TEXT) {
      throw new InvalidFieldException("q", "must be at most " + StatementQuery.MAX_TEXT + " characters");
    }
    return value == null ? null : value.strip();
  }

  /** A name filter such as {@code principal}: at most {@link #MAX_NAME} characters, or null. */
  static String name(Context ctx, String name) {
    String value = QueryParams.optional(ctx, name);
    if (value != null && value.length() > MAX_NAME) {
      throw new InvalidFieldException(name, "must be at most " + MAX_NAME + " characters");
    }
    return value;
  }

  /** An integer parameter in {@code 1..max}, {@code fallback} when absent. */
  static int bounded(Context ctx, String name, int fallback, int max) {
    String value = QueryParams.optional(ctx, name);
    if (value == null) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(value.trim());
      if (n >= 1 && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new InvalidFieldException(name, "must be an integer between 1 and " + max);
  }

  /**
   * Runs a store query, turning the store's refusal of its input ({@link IllegalArgumentException} whose
   * message starts with the field, as {@link dev.jitgate.auditor.store.AuditStore} promises) into a 400 naming
   * the query parameter ({@code text} is {@code q} here).
   */
  static <T> T query(Supplier<T> call) {
    try {
      return call.get();
    } catch (InvalidFieldException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      String message = e.getMessage() == null ? "" : e.getMessage();
      Matcher m = STORE_FIELD.matcher(message);
      if (!m.matches()) {
        throw ApiProblemException.badRequest("the audit query was refused: " + message);
      }
      String field = m.group(1).equals("text") ? "q" : m.group(1);
      throw new InvalidFieldException(field, m.group(2));
    }
  }

  /**
   * A time range; either bound may be null (unbounded).
   *
   * @param from inclusive lower bound
   * @param to exclusive upper bound
   */
  record Range(Instant from, Instant to) {}
}
