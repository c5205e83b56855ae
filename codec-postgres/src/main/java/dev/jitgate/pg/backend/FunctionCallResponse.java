package dev.jitgate.pg.backend;

/** FunctionCallResponse: {@code 'V', Int32 len, Int32 n | -1, Byte[n] value}; {@code null} is SQL NULL. */
public record FunctionCallResponse(byte[] value) implements BackendMessage {
  public FunctionCallResponse {
    value = value == null ? null : value.clone();
  }

  @Override
  public byte[] value() {
    return value == null ? null : value.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FunctionCallResponse f && java.util.Arrays.equals(f.value, value);
  }

  @Override
  public int hashCode() {
    return java.util.Arrays.hashCode(value);
  }

  @Override
  public String toString() {
    return "FunctionCallResponse[" + (value == null ? "NULL" : value.length + " bytes") + "]";
  }
}
