package dev.jitgate.pg.frontend;

import java.util.Objects;

/** Query: {@code 'Q', Int32 len, String sql}. One or more statements in the simple query protocol. */
public record Query(String sql) implements FrontendMessage {
  public Query {
    Objects.requireNonNull(sql, "sql");
  }
}
