package dev.jitgate.audit.event;

/**
 * {@code statement.done}: the server finished a statement, with CommandComplete (success) or
 * ErrorResponse (failure: {@code sqlstate} is set).
 *
 * @param statementId the {@code statement_id} of the matching {@code statement} event [{@code statement_id}]
 * @param commandTag the CommandComplete tag, e.g. {@code SELECT 3}; null on failure [{@code command_tag}]
 * @param rows rows affected or returned, null when unknown [{@code rows}]
 * @param durationMicros from forwarding the statement to its result [{@code duration_micros}]
 * @param sqlstate the error's SQLSTATE, null on success [{@code sqlstate}]
 * @param error the error's message, null on success [{@code error}]
 */
public record StatementDone(
    long statementId, String commandTag, Long rows, long durationMicros, String sqlstate, String error)
    implements EventBody {

  /** The JSON type. */
  public static final String TYPE = "statement.done";

  public StatementDone {
    Checks.positive("statement_id", statementId);
    Checks.optionalNonNegative("rows", rows);
    Checks.nonNegative("duration_micros", durationMicros);
    if (sqlstate == null) {
      Checks.present("command_tag", commandTag);
      if (error != null) {
        throw new EventFieldException("error", "must be null when sqlstate is null");
      }
    } else {
      Checks.sqlstate("sqlstate", sqlstate);
      Checks.present("error", error);
      if (commandTag != null) {
        throw new EventFieldException("command_tag", "must be null when the statement failed");
      }
    }
  }

  /** A successful statement. */
  public static StatementDone ok(long statementId, String commandTag, Long rows, long durationMicros) {
    return new StatementDone(statementId, commandTag, rows, durationMicros, null, null);
  }

  /** A failed statement. */
  public static StatementDone failed(long statementId, long durationMicros, String sqlstate, String error) {
    return new StatementDone(statementId, null, null, durationMicros, sqlstate, error);
  }

  /** Whether the statement failed. */
  public boolean failed() {
    return sqlstate != null;
  }

  @Override
  public String type() {
    return TYPE;
  }
}
