package dev.jitgate.proxy.provision;

import java.nio.charset.StandardCharsets;

/**
 * Quoting for the few values jitgate splices into DDL, which takes no bind parameters. Identifiers are
 * validated (not empty, no NUL, at most {@value #MAX_IDENTIFIER_BYTES} bytes, since PostgreSQL would silently
 * truncate a longer one) and always double-quoted; literals are single-quoted, with the {@code E''} form when
 * they hold a backslash, so the result is right whatever {@code standard_conforming_strings} says.
 */
public final class Sql {

  /** PostgreSQL's NAMEDATALEN - 1. */
  public static final int MAX_IDENTIFIER_BYTES = 63;

  private Sql() {}

  /** {@code name} as a quoted identifier; throws {@link IllegalArgumentException} naming {@code field}. */
  public static String identifier(String field, String name) {
    checkIdentifier(field, name);
    return '"' + name.replace("\"", "\"\"") + '"';
  }

  /** Throws {@link IllegalArgumentException} naming {@code field} unless {@code name} can be an identifier. */
  public static void checkIdentifier(String field, String name) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException(field + " must not be empty");
    }
    if (name.indexOf('\0') >= 0) {
      throw new IllegalArgumentException(field + " must not contain NUL");
    }
    if (!isWellFormed(name)) {
      throw new IllegalArgumentException(field + " is not valid Unicode");
    }
    if (name.getBytes(StandardCharsets.UTF_8).length > MAX_IDENTIFIER_BYTES) {
      throw new IllegalArgumentException(field + " is longer than " + MAX_IDENTIFIER_BYTES + " bytes");
    }
  }

  /** {@code value} as a string literal. */
  public static String literal(String value) {
    if (value == null) {
      throw new IllegalArgumentException("literal must not be null");
    }
    if (value.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("literal must not contain NUL");
    }
    String quoted = "'" + value.replace("'", "''") + "'";
    return value.indexOf('\\') >= 0 ? "E" + quoted.replace("\\", "\\\\") : quoted;
  }

  private static boolean isWellFormed(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
          return false;
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return false;
      }
    }
    return true;
  }
}
