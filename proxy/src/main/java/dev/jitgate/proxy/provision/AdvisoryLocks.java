package dev.jitgate.proxy.provision;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Advisory locks (transaction- or session-scoped) that serialise jitgate's own work on one role. Keys are
 * {@code (}{@value #NAMESPACE}{@code , hashtext(name))}, so they do not collide with an application's
 * single-key locks. Advisory locks are per database: work that must be serialised runs in the connector's
 * administrative database; {@link TransactionRetry} covers races that get past them.
 */
final class AdvisoryLocks {

  /** First key of every jitgate lock ("jg" in ASCII). */
  static final int NAMESPACE = 0x6A67;

  private AdvisoryLocks() {}

  /** Blocks until this transaction holds the lock for {@code name} (the baseline uses its marker's name). */
  static void lock(Connection connection, String name) throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement("SELECT pg_advisory_xact_lock(?, hashtext(?))")) {
      statement.setInt(1, NAMESPACE);
      statement.setString(2, name);
      statement.execute();
    }
  }

  /**
   * Blocks until this session holds the lock for {@code name}, across transactions, until
   * {@link #unlockSession}. A transaction-scoped {@link #lock} on the same name waits for it.
   */
  static void lockSession(Connection connection, String name) throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement("SELECT pg_advisory_lock(?, hashtext(?))")) {
      statement.setInt(1, NAMESPACE);
      statement.setString(2, name);
      statement.execute();
    }
  }

  /** Releases a lock taken by {@link #lockSession}. */
  static void unlockSession(Connection connection, String name) throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement("SELECT pg_advisory_unlock(?, hashtext(?))")) {
      statement.setInt(1, NAMESPACE);
      statement.setString(2, name);
      statement.execute();
    }
  }
}
