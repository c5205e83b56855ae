package dev.jitgate.proxy.audit.emit;

import dev.jitgate.audit.sql.PasswordRedactor;

/**
 * Prepares SQL text for an event: secrets redacted first, then cut at the configured length. The
 * schema has no truncation flag for {@code sql}, so a cut text ends with {@link #TRUNCATION_MARK}
 * and the original length.
 */
final class SqlCapture {

  /** Appended to a cut SQL text, followed by the original length in characters and the comment's end. */
  static final String TRUNCATION_MARK = " /* jitgate: truncated, original length ";

  /** The SQL of an Execute whose portal or statement the tracker does not know (evicted or never seen). */
  static final String UNKNOWN_SQL = "/* jitgate: statement text unknown */";

  private final PasswordRedactor redactor;
  private final int maxChars;

  SqlCapture(PasswordRedactor redactor, int maxChars) {
    this.redactor = redactor;
    this.maxChars = maxChars;
  }

  /** Appended to the SQL of a message the relay captured only in part, followed by its size on the wire. */
  static final String CUT_MARK = " /* jitgate: truncated, the message had ";

  /**
   * The SQL of a statement whose message was longer than the relay captured: {@code prefix} is all that was
   * seen, {@code wireBytes} the message body's full size. Always marked, with the size on the wire.
   */
  String captureCut(String prefix, long wireBytes) {
    String kept = capture(prefix);
    if (kept.length() > maxChars) {
      kept = kept.substring(0, kept.lastIndexOf(TRUNCATION_MARK));
    }
    return kept + CUT_MARK + wireBytes + " bytes */";
  }

  String capture(String sql) {
    String redacted = redactor.redact(sql).sql();
    if (redacted.length() <= maxChars) {
      return redacted;
    }
    int cut = maxChars;
    if (Character.isHighSurrogate(redacted.charAt(cut - 1))) {
      cut--;
    }
    return redacted.substring(0, cut) + TRUNCATION_MARK + redacted.length() + " chars */";
  }
}
