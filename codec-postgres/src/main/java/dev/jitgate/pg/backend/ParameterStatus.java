package dev.jitgate.pg.backend;

import java.util.Objects;

/** ParameterStatus: {@code 'S', Int32 len, String name, String value}. */
public record ParameterStatus(String name, String value) implements BackendMessage {
  public ParameterStatus {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
  }
}
