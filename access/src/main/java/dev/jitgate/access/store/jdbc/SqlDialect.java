package dev.jitgate.access.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * What differs between the databases behind a {@link JdbcAccessStore}; everything else is shared SQL.
 */
public interface SqlDialect {

  /**
   * Called first in every commit transaction: blocks until no other writer (in any process) is inside
   * its commit, so that versions are taken and become visible in order.
   */
  void lockWriters(Connection connection) throws SQLException;

  /** Called last in a commit transaction, before it commits: tells other processes about {@code version}. */
  void announce(Connection connection, long version) throws SQLException;
}
