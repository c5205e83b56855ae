package dev.jitgate.audit.event;

/** The outcome of reading one line of NDJSON: an event, or the field that is wrong and why. */
public sealed interface ParseResult {

  /** The 1-based line number within the input. */
  int line();

  /** The line held a valid v1 event. */
  record Ok(int line, AuditEvent event) implements ParseResult {}

  /**
   * The line is not a valid v1 event.
   *
   * @param line 1-based line number
   * @param field the JSON name or path of the offending field ({@code parameters[0].value}); {@code $}
   *     when the line is not a JSON object at all
   * @param reason a short explanation that never repeats the offending value
   */
  record Invalid(int line, String field, String reason) implements ParseResult {}
}
