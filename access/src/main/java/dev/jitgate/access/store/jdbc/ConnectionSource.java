package dev.jitgate.access.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Lends connections to a {@link JdbcAccessStore}: readers in auto-commit mode, and a writer for one
 * transaction at a time per caller. A source may hand every writer the same connection (SQLite, guarded
 * by a lock) or pool them (PostgreSQL, serialized by the dialect's writer lock).
 */
public interface ConnectionSource extends AutoCloseable {

  /** Runs {@code work} on a connection in auto-commit mode and takes the connection back. */
  <T> T withReader(SqlFunction<Connection, T> work) throws SQLException;

  /**
   * Runs {@code work} on a connection meant for writing and takes it back; the caller manages the
   * transaction. A source with a single writer connection lets one caller in at a time.
   */
  <T> T withWriter(SqlFunction<Connection, T> work) throws SQLException;

  /** Closes every connection; later calls fail with a {@link dev.jitgate.access.store.StoreException}. */
  @Override
  void close();
}
