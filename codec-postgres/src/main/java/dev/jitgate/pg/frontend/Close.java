package dev.jitgate.pg.frontend;

import java.util.Objects;

/** Close: {@code 'C', Int32 len, Byte1 'S'|'P', String name}. */
public record Close(Target target, String name) implements FrontendMessage {
  public Close {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(name, "name");
  }
}
