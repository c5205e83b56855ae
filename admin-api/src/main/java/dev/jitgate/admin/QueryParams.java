package dev.jitgate.admin;

import dev.jitgate.access.model.InvalidFieldException;
import io.javalin.http.Context;
import java.util.function.Function;

/** Reading query parameters: absent or blank means "not given"; invalid values are 400s naming them. */
final class QueryParams {
  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 1000;

  private QueryParams() {}

  /** The parameter's value, or null when absent or blank. */
  static String optional(Context ctx, String name) {
    String value = ctx.queryParam(name);
    return value == null || value.isBlank() ? null : value;
  }

  /** The parameter's value; 400 naming it when absent. */
  static String required(Context ctx, String name) {
    String value = optional(ctx, name);
    if (value == null) {
      throw new InvalidFieldException(name, "is required");
    }
    return value;
  }

  /** The parameter parsed by {@code parse} (e.g. an enum's fromWire); its errors are reported for {@code name}. */
  static <T> T parsed(Context ctx, String name, Function<String, T> parse) {
    String value = optional(ctx, name);
    if (value == null) {
      return null;
    }
    try {
      return parse.apply(value);
    } catch (InvalidFieldException e) {
      throw new InvalidFieldException(name, e.reason());
    }
  }

  /** {@code limit}: 1..1000, 100 when absent. */
  static int limit(Context ctx) {
    return limit(ctx, DEFAULT_LIMIT);
  }

  /** {@code limit}: 1..1000, {@code whenAbsent} when absent. */
  static int limit(Context ctx, int whenAbsent) {
    String value = optional(ctx, "limit");
    if (value == null) {
      return whenAbsent;
    }
    try {
      int limit = Integer.parseInt(value.trim());
      if (limit >= 1 && limit <= MAX_LIMIT) {
        return limit;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new InvalidFieldException("limit", "must be an integer between 1 and " + MAX_LIMIT);
  }

  /** A non-negative integer parameter (e.g. a seq to continue after); {@code whenAbsent} when absent. */
  static long nonNegative(Context ctx, String name, long whenAbsent) {
    String value = optional(ctx, name);
    if (value == null) {
      return whenAbsent;
    }
    try {
      long parsed = Long.parseLong(value.trim());
      if (parsed >= 0) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new InvalidFieldException(name, "must be a non-negative integer");
  }
}
