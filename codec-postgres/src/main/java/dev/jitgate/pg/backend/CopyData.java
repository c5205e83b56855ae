package dev.jitgate.pg.backend;

import dev.jitgate.pg.Bytes;
import java.util.Objects;

/** CopyData (backend): {@code 'd', Int32 len, Byte[len-4] data}. */
public record CopyData(Bytes data) implements BackendMessage {
  public CopyData {
    Objects.requireNonNull(data, "data");
  }
}
