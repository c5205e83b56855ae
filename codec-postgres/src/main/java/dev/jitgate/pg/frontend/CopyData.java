package dev.jitgate.pg.frontend;

import dev.jitgate.pg.Bytes;
import java.util.Objects;

/** CopyData (frontend): {@code 'd', Int32 len, Byte[len-4] data}. */
public record CopyData(Bytes data) implements FrontendMessage {
  public CopyData {
    Objects.requireNonNull(data, "data");
  }
}
