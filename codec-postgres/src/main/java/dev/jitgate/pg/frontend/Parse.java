package dev.jitgate.pg.frontend;

import java.util.List;
import java.util.Objects;

/**
 * Parse: {@code 'P', Int32 len, String statement, String query, Int16 n, Int32[n] parameterTypeOids}.
 * An empty statement name is the unnamed statement.
 */
public record Parse(String statement, String query, List<Integer> parameterTypes) implements FrontendMessage {
  public Parse {
    Objects.requireNonNull(statement, "statement");
    Objects.requireNonNull(query, "query");
    parameterTypes = List.copyOf(parameterTypes);
  }
}
