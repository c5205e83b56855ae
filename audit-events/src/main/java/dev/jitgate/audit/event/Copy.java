package dev.jitgate.audit.event;

/**
 * {@code copy}: the data of one COPY, reported when the copy ends.
 *
 * @param statementId the {@code statement_id} of the COPY statement [{@code statement_id}]
 * @param direction in (FROM STDIN) or out (TO STDOUT) [{@code direction}]
 * @param bytes CopyData payload bytes relayed [{@code bytes}]
 * @param rows rows copied, null when unknown [{@code rows}]
 */
public record Copy(long statementId, CopyDirection direction, long bytes, Long rows) implements EventBody {

  /** The JSON type. */
  public static final String TYPE = "copy";

  public Copy {
    Checks.positive("statement_id", statementId);
    Checks.present("direction", direction);
    Checks.nonNegative("bytes", bytes);
    Checks.optionalNonNegative("rows", rows);
  }

  @Override
  public String type() {
    return TYPE;
  }
}
