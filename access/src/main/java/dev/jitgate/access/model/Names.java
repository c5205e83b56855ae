package dev.jitgate.access.model;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/** Validation of the names used across the model. Every check throws {@link InvalidFieldException}. */
public final class Names {
  /** Integration and access-flow names: {@code [a-z0-9][a-z0-9-]{0,62}}. */
  public static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
  /** Permission names: the levels read/write/admin or a database role name. */
  public static final Pattern PERMISSION = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
  /** Longest principal name in UTF-8 bytes. */
  public static final int MAX_PRINCIPAL_BYTES = 256;
  /** Longest PostgreSQL identifier in bytes (NAMEDATALEN - 1). */
  public static final int MAX_IDENTIFIER_BYTES = 63;
  /** Longest free-text field (reasons, descriptions, access details). */
  public static final int MAX_TEXT_CHARS = 4000;

  private Names() {}

  /** An integration or flow name. */
  public static String slug(String field, String value) {
    required(field, value);
    if (!SLUG.matcher(value).matches()) {
      throw new InvalidFieldException(field, "must match [a-z0-9][a-z0-9-]{0,62}");
    }
    return value;
  }

  /**
   * A principal (user or group) name: 1..256 UTF-8 bytes of printable Unicode; quotes, spaces and
   * non-ASCII letters are allowed (they are quoted wherever they reach SQL), control characters and
   * unpaired surrogates are not.
   */
  public static String principal(String field, String value) {
    required(field, value);
    printable(field, value);
    if (value.getBytes(StandardCharsets.UTF_8).length > MAX_PRINCIPAL_BYTES) {
      throw new InvalidFieldException(field, "must be at most " + MAX_PRINCIPAL_BYTES + " bytes");
    }
    if (value.isBlank()) {
      throw new InvalidFieldException(field, "must not be blank");
    }
    return value;
  }

  /** A PostgreSQL database, schema or table name: 1..63 bytes, printable, no {@code /}. */
  public static String identifier(String field, String value) {
    required(field, value);
    printable(field, value);
    if (value.getBytes(StandardCharsets.UTF_8).length > MAX_IDENTIFIER_BYTES) {
      throw new InvalidFieldException(field, "must be at most " + MAX_IDENTIFIER_BYTES + " bytes");
    }
    if (value.indexOf('/') >= 0) {
      throw new InvalidFieldException(field, "must not contain '/'");
    }
    return value;
  }

  /** Optional free text, at most {@link #MAX_TEXT_CHARS} characters; null becomes "". */
  public static String text(String field, String value) {
    if (value == null) {
      return "";
    }
    if (value.length() > MAX_TEXT_CHARS) {
      throw new InvalidFieldException(field, "must be at most " + MAX_TEXT_CHARS + " characters");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == 0) {
        throw new InvalidFieldException(field, "must not contain NUL");
      }
    }
    return value;
  }

  /** Throws when {@code value} is null or empty. */
  public static <T> T required(String field, T value) {
    if (value == null || (value instanceof String s && s.isEmpty())) {
      throw new InvalidFieldException(field, "is required");
    }
    return value;
  }

  private static void printable(String field, String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isISOControl(c)) {
        throw new InvalidFieldException(field, "must not contain control characters");
      }
      if (Character.isHighSurrogate(c)) {
        if (i + 1 >= value.length() || !Character.isLowSurrogate(value.charAt(i + 1))) {
          throw new InvalidFieldException(field, "is not valid Unicode");
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        throw new InvalidFieldException(field, "is not valid Unicode");
      }
    }
  }
}
