package dev.jitgate.access.store.jdbc;

import dev.jitgate.access.store.StoreException;
import java.sql.SQLException;

/** Turns {@link SQLException}s into {@link StoreException}s that say what failed, without row data. */
final class SqlErrors {
  private SqlErrors() {}

  /**
   * A store exception for {@code action} (e.g. "commit") that failed with {@code e}. The message holds the
   * SQLSTATE and the driver's first message line; drivers are set up not to put row values there
   * (pgjdbc: {@code logServerErrorDetail=false}; SQLite names constraints, not values).
   */
  static StoreException translate(String action, SQLException e) {
    String state = e.getSQLState() == null ? "" : " (SQLSTATE " + e.getSQLState() + ")";
    return new StoreException("access store: " + action + " failed" + state + ": " + firstLine(e), e);
  }

  private static String firstLine(SQLException e) {
    String message = e.getMessage();
    if (message == null || message.isBlank()) {
      return e.getClass().getSimpleName();
    }
    int newline = message.indexOf('\n');
    return (newline < 0 ? message : message.substring(0, newline)).strip();
  }
}
