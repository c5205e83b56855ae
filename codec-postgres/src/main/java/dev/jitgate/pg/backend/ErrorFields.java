package dev.jitgate.pg.backend;

import dev.jitgate.pg.SqlState;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Objects;
import java.util.SequencedMap;

/**
 * The typed fields of an ErrorResponse or NoticeResponse, keyed by their one-byte codes ({@code S}
 * severity, {@code V} non-localized severity, {@code C} SQLSTATE, {@code M} message, {@code D} detail,
 * {@code H} hint, …), in wire order. Unknown codes are kept, as the protocol requires clients to ignore
 * them.
 */
public record ErrorFields(SequencedMap<Character, String> values) {

  public static final char SEVERITY = 'S';
  public static final char SEVERITY_NONLOCALIZED = 'V';
  public static final char CODE = 'C';
  public static final char MESSAGE = 'M';
  public static final char DETAIL = 'D';
  public static final char HINT = 'H';

  /** The severities jitgate itself reports. */
  public enum Severity {
    ERROR,
    FATAL,
    WARNING,
    NOTICE
  }

  /** Copies the fields into an unmodifiable, order-keeping map. */
  public ErrorFields {
    values = Collections.unmodifiableSequencedMap(new LinkedHashMap<>(values));
  }

  /** Starts a builder with severity (both S and V), SQLSTATE and message set. */
  public static Builder builder(Severity severity, SqlState sqlState, String message) {
    return new Builder(severity, sqlState, message);
  }

  public String severity() {
    String v = values.get(SEVERITY_NONLOCALIZED);
    return v != null ? v : values.get(SEVERITY);
  }

  /** The SQLSTATE, or {@code null} when the peer sent none (a hostile or broken server). */
  public String sqlState() {
    return values.get(CODE);
  }

  public String message() {
    return values.get(MESSAGE);
  }

  public String detail() {
    return values.get(DETAIL);
  }

  public String hint() {
    return values.get(HINT);
  }

  /** Builds {@link ErrorFields} for the errors and notices jitgate sends. */
  public static final class Builder {
    private final LinkedHashMap<Character, String> values = new LinkedHashMap<>();

    private Builder(Severity severity, SqlState sqlState, String message) {
      values.put(SEVERITY, severity.name());
      values.put(SEVERITY_NONLOCALIZED, severity.name());
      values.put(CODE, Objects.requireNonNull(sqlState, "sqlState").code());
      values.put(MESSAGE, Objects.requireNonNull(message, "message"));
    }

    public Builder detail(String detail) {
      values.put(DETAIL, detail);
      return this;
    }

    public Builder hint(String hint) {
      values.put(HINT, hint);
      return this;
    }

    public ErrorFields build() {
      return new ErrorFields(values);
    }
  }
}
