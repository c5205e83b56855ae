package dev.jitgate.auditor.store;

/**
 * How a statement ended, from its {@code statement.done} event.
 *
 * @param commandTag the command tag, null on failure
 * @param rows rows affected or returned, or null
 * @param durationMicros duration in microseconds
 * @param sqlstate the SQLSTATE on failure, else null
 * @param error the error message on failure, else null
 */
public record StatementResult(String commandTag, Long rows, long durationMicros, String sqlstate, String error) {

  /** Whether the statement failed. */
  public boolean failed() {
    return sqlstate != null;
  }
}
