package dev.jitgate.pg.frontend;

/** GSSResponse: {@code 'p', Int32 len, Byte[len-4] data}. Decoded only during a GSSAPI/SSPI exchange. */
public record GssResponse(byte[] data) implements FrontendMessage {
  public GssResponse {
    data = data.clone();
  }

  @Override
  public byte[] data() {
    return data.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof GssResponse s && java.util.Arrays.equals(s.data, data);
  }

  @Override
  public int hashCode() {
    return java.util.Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return "GssResponse[<" + data.length + " bytes>]";
  }
}
