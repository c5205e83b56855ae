package dev.jitgate.pg.frontend;

/** SASLResponse: {@code 'p', Int32 len, Byte[len-4] data}. Decoded only during a SASL exchange. */
public record SaslResponse(byte[] data) implements FrontendMessage {
  public SaslResponse {
    data = data.clone();
  }

  @Override
  public byte[] data() {
    return data.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SaslResponse s && java.util.Arrays.equals(s.data, data);
  }

  @Override
  public int hashCode() {
    return java.util.Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return "SaslResponse[<" + data.length + " bytes>]";
  }
}
