package dev.jitgate.audit.event;

import java.util.regex.Pattern;

/** Validation helpers for the event records; every failure is an {@link EventFieldException}. */
final class Checks {
  /** Whether {@code value} is exactly {@code length} lower-case hex digits (a hot path: no regex). */
  static boolean isLowerHex(String value, int length) {
    if (value.length() != length) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      char c = value.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }

  private static final Pattern SQLSTATE = Pattern.compile("[0-9A-Z]{5}");

  private Checks() {}

  static <T> T present(String field, T value) {
    if (value == null) {
      throw new EventFieldException(field, "is required");
    }
    return value;
  }

  static String text(String field, String value) {
    present(field, value);
    if (value.isBlank()) {
      throw new EventFieldException(field, "must not be blank");
    }
    return value;
  }

  static String optionalText(String field, String value) {
    return value == null ? null : text(field, value);
  }

  static long positive(String field, long value) {
    if (value < 1) {
      throw new EventFieldException(field, "must be at least 1, was " + value);
    }
    return value;
  }

  static long nonNegative(String field, long value) {
    if (value < 0) {
      throw new EventFieldException(field, "must not be negative, was " + value);
    }
    return value;
  }

  static Long optionalNonNegative(String field, Long value) {
    return value == null ? null : nonNegative(field, value);
  }

  static int port(String field, int value) {
    if (value < 0 || value > 65535) {
      throw new EventFieldException(field, "must be a port number 0..65535, was " + value);
    }
    return value;
  }

  static String sqlstate(String field, String value) {
    present(field, value);
    if (!SQLSTATE.matcher(value).matches()) {
      throw new EventFieldException(field, "must be five characters [0-9A-Z]");
    }
    return value;
  }

  static String hash(String field, String value) {
    present(field, value);
    if (!isLowerHex(value, 64)) {
      throw new EventFieldException(field, "must be 64 lower-case hex digits (SHA-256)");
    }
    return value;
  }
}
