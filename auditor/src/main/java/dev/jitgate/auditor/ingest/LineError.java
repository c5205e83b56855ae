package dev.jitgate.auditor.ingest;

/**
 * One NDJSON line that is not a valid audit event; it was not stored.
 *
 * @param line the 1-based line number within the request body
 * @param field the JSON name or path of the offending field, {@code $} when the line is not a JSON object
 * @param reason a short explanation that never repeats the offending value
 */
public record LineError(int line, String field, String reason) {

  public LineError {
    if (line < 1) {
      throw new IllegalArgumentException("line: must be positive");
    }
    if (field == null || field.isBlank()) {
      throw new IllegalArgumentException("field: must not be blank");
    }
    if (reason == null || reason.isBlank()) {
      throw new IllegalArgumentException("reason: must not be blank");
    }
  }
}
