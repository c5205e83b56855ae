package dev.jitgate.audit.sql;

/** The result of {@link PasswordRedactor#redact}: the (possibly) rewritten SQL and whether anything was redacted. */
public record Redaction(String sql, boolean redacted) {

  /** Validates the fields. */
  public Redaction {
    if (sql == null) {
      throw new IllegalArgumentException("sql must not be null");
    }
  }

  @Override
  public String toString() {
    return "Redaction[redacted=" + redacted + ", length=" + sql.length() + "]";
  }
}
