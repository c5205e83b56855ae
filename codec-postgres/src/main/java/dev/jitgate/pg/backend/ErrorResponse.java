package dev.jitgate.pg.backend;

import dev.jitgate.pg.SqlState;
import java.util.Objects;

/**
 * ErrorResponse: {@code 'E', Int32 len, (Byte1 code, String value)*, Byte1 0}. Build the ones jitgate
 * reports with {@link #fatal(SqlState, String)} and {@link #error(SqlState, String)}.
 */
public record ErrorResponse(ErrorFields fields) implements BackendMessage {
  public ErrorResponse {
    Objects.requireNonNull(fields, "fields");
  }

  /** A FATAL error: the server closes the connection after sending it. */
  public static ErrorResponse fatal(SqlState sqlState, String message) {
    return new ErrorResponse(ErrorFields.builder(ErrorFields.Severity.FATAL, sqlState, message).build());
  }

  /** An ERROR: the statement failed, the session goes on. */
  public static ErrorResponse error(SqlState sqlState, String message) {
    return new ErrorResponse(ErrorFields.builder(ErrorFields.Severity.ERROR, sqlState, message).build());
  }

  public String severity() {
    return fields.severity();
  }

  public String sqlState() {
    return fields.sqlState();
  }

  public String message() {
    return fields.message();
  }
}
