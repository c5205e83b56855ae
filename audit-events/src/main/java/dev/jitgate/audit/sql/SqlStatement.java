package dev.jitgate.audit.sql;

/**
 * One statement of a query string: its text and its half-open range {@code [start, end)} in the original
 * string, without the terminating {@code ;} and without surrounding whitespace (comments are kept).
 */
public record SqlStatement(String text, int start, int end) {

  /** Validates the fields. */
  public SqlStatement {
    if (text == null) {
      throw new IllegalArgumentException("text must not be null");
    }
    if (start < 0 || end < start || end - start != text.length()) {
      throw new IllegalArgumentException("invalid range [" + start + ", " + end + ")");
    }
  }
}
