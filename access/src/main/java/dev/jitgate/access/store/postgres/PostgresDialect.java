package dev.jitgate.access.store.postgres;

import dev.jitgate.access.store.jdbc.SqlDialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Writers queue on a transaction-scoped advisory lock, keyed by jitgate's lock class and the store's
 * schema (two stores in one database do not block each other); a commit announces its version with
 * {@code pg_notify}, delivered to listeners when the transaction commits.
 */
final class PostgresDialect implements SqlDialect {
  /** The notification channel every store instance listens on. */
  static final String CHANNEL = "jitgate_access_changes";
  /** The first half of the advisory lock key: "jitg". */
  static final int LOCK_CLASS = 0x6a697467;

  private final int schemaKey;

  PostgresDialect(String schema) {
    this.schemaKey = schema.hashCode();
  }

  @Override
  public void lockWriters(Connection connection) throws SQLException {
    try (PreparedStatement s = connection.prepareStatement("SELECT pg_advisory_xact_lock(?, ?)")) {
      s.setInt(1, LOCK_CLASS);
      s.setInt(2, schemaKey);
      s.executeQuery().close();
    }
  }

  @Override
  public void announce(Connection connection, long version) throws SQLException {
    try (PreparedStatement s = connection.prepareStatement("SELECT pg_notify(?, ?)")) {
      s.setString(1, CHANNEL);
      s.setString(2, Long.toString(version));
      s.executeQuery().close();
    }
  }
}
