package dev.jitgate.proxy.provision;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Runs a unit of work in one transaction and repeats it, after a short randomised backoff, when PostgreSQL
 * reports a conflict with a concurrent transaction: serialization failure (40001), deadlock (40P01), unique
 * violation (23505, e.g. two {@code CREATE ROLE} of one name racing on the catalog index), duplicate object
 * (42710, the same race caught earlier) and "tuple concurrently updated" (XX000, concurrent catalog updates of
 * one row). Work must therefore be idempotent. Other errors, and the last conflict, are thrown.
 *
 * @param attempts    how many times the work runs at most, at least 1
 * @param firstBackoff the pause after the first conflict; it doubles after each further one
 */
public record TransactionRetry(int attempts, Duration firstBackoff) {

  /** Eight attempts, 10 ms first backoff: at most about 2.5 s of pauses (with jitter) before giving up. */
  public static final TransactionRetry DEFAULT = new TransactionRetry(8, Duration.ofMillis(10));

  private static final Set<String> CONFLICTS = Set.of("40001", "40P01", "23505", "42710");

  public TransactionRetry {
    if (attempts < 1) {
      throw new IllegalArgumentException("attempts must be at least 1");
    }
    if (firstBackoff == null || firstBackoff.isNegative()) {
      throw new IllegalArgumentException("firstBackoff must not be negative");
    }
  }

  /** A unit of work on a connection that is in a transaction. */
  @FunctionalInterface
  public interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  /** Runs {@code work} in a transaction on {@code connection}, committing it, with retries on conflicts. */
  public <T> T inTransaction(Connection connection, Work<T> work) throws SQLException {
    boolean autoCommit = connection.getAutoCommit();
    connection.setAutoCommit(false);
    try {
      long backoffMillis = firstBackoff.toMillis();
      for (int attempt = 1; ; attempt++) {
        try {
          T result = work.run(connection);
          connection.commit();
          return result;
        } catch (SQLException e) {
          connection.rollback();
          if (attempt >= attempts || !isConflict(e)) {
            throw e;
          }
          pause(backoffMillis);
          backoffMillis *= 2;
        } catch (RuntimeException e) {
          connection.rollback(); // never let setAutoCommit(true) commit a half-done transaction
          throw e;
        }
      }
    } finally {
      connection.setAutoCommit(autoCommit);
    }
  }

  /** True for the SQLSTATEs this class retries. */
  public static boolean isConflict(SQLException e) {
    String state = e.getSQLState();
    if (state == null) {
      return false;
    }
    if (CONFLICTS.contains(state)) {
      return true;
    }
    return "XX000".equals(state) && e.getMessage() != null && e.getMessage().contains("concurrently");
  }

  private static void pause(long baseMillis) throws SQLException {
    long jitter = baseMillis <= 0 ? 0 : ThreadLocalRandom.current().nextLong(baseMillis + 1);
    try {
      Thread.sleep(baseMillis + jitter);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SQLException("interrupted while waiting to retry", "57014", e);
    }
  }
}
