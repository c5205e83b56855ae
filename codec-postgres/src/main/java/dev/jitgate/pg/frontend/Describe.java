package dev.jitgate.pg.frontend;

import java.util.Objects;

/** Describe: {@code 'D', Int32 len, Byte1 'S'|'P', String name}. */
public record Describe(Target target, String name) implements FrontendMessage {
  public Describe {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(name, "name");
  }
}
