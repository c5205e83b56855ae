package dev.jitgate.access.store.postgres;

import com.zaxxer.hikari.HikariDataSource;
import dev.jitgate.access.store.jdbc.ConnectionSource;
import dev.jitgate.access.store.jdbc.SqlFunction;
import java.sql.Connection;
import java.sql.SQLException;

/** Readers and writers both borrow from one HikariCP pool; writers are serialized by the dialect's lock. */
final class PostgresConnections implements ConnectionSource {
  private final HikariDataSource pool;

  PostgresConnections(HikariDataSource pool) {
    this.pool = pool;
  }

  @Override
  public <T> T withReader(SqlFunction<Connection, T> work) throws SQLException {
    try (Connection c = pool.getConnection()) {
      return work.apply(c);
    }
  }

  @Override
  public <T> T withWriter(SqlFunction<Connection, T> work) throws SQLException {
    try (Connection c = pool.getConnection()) {
      return work.apply(c);
    }
  }

  @Override
  public void close() {
    pool.close();
  }
}
