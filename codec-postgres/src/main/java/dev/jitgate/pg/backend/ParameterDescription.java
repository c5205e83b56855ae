package dev.jitgate.pg.backend;

import java.util.List;

/** ParameterDescription: {@code 't', Int32 len, Int16 n, Int32[n] typeOids}. */
public record ParameterDescription(List<Integer> typeOids) implements BackendMessage {
  public ParameterDescription {
    typeOids = List.copyOf(typeOids);
  }
}
