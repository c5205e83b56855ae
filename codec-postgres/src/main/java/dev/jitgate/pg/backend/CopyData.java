package dev.jitgate.pg.backend;

import java.util.Arrays;

/** CopyData (backend): {@code 'd', Int32 len, Byte[len-4] data}. */
public record CopyData(byte[] data) implements BackendMessage {
  public CopyData {
    data = data.clone();
  }

  @Override
  public byte[] data() {
    return data.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CopyData c && Arrays.equals(c.data, data);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return "CopyData[" + data.length + " bytes]";
  }
}
