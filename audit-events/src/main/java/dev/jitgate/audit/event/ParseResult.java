package dev.jitgate.audit.event;

import java.util.Objects;

/** The outcome of reading one line of NDJSON: an event, or the field that is wrong and why. */
public sealed interface ParseResult {

  /** The 1-based line number within the input. */
  int line();

  /**
   * The line held a valid v1 event.
   *
   * @param line 1-based line number
   * @param event the event
   * @param canonicalLine the event's canonical JSON line ({@link AuditEventJson#write}), which the reader
   *     computed (or found to be the input itself) while validating: the bytes its hash is taken over
   */
  record Ok(int line, AuditEvent event, String canonicalLine) implements ParseResult {
    public Ok {
      Objects.requireNonNull(event, "event");
      Objects.requireNonNull(canonicalLine, "canonicalLine");
    }

    /** An outcome for {@code event}, its canonical line written here. */
    public Ok(int line, AuditEvent event) {
      this(line, event, new AuditEventJson().write(Objects.requireNonNull(event, "event")));
    }
  }

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
