package dev.jitgate.access.store.jdbc;

import java.sql.SQLException;

/**
 * A piece of JDBC work that may throw {@link SQLException}.
 *
 * @param <I> what it works on, usually a {@link java.sql.Connection}
 * @param <O> what it returns
 */
@FunctionalInterface
public interface SqlFunction<I, O> {

  /** Runs the work. */
  O apply(I input) throws SQLException;
}
