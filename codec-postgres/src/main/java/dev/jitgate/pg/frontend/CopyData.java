package dev.jitgate.pg.frontend;

/** CopyData (frontend): {@code 'd', Int32 len, Byte[len-4] data}. */
public record CopyData(byte[] data) implements FrontendMessage {
  public CopyData {
    data = data.clone();
  }

  @Override
  public byte[] data() {
    return data.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CopyData c && java.util.Arrays.equals(c.data, data);
  }

  @Override
  public int hashCode() {
    return java.util.Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return "CopyData[" + data.length + " bytes]";
  }
}
