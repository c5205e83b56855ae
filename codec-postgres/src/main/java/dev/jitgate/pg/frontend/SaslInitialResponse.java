package dev.jitgate.pg.frontend;

import java.util.Objects;

/**
 * SASLInitialResponse: {@code 'p', Int32 len, String mechanism, Int32 n | -1, Byte[n] data}. The data is
 * {@code null} when the client sent length -1. Shares type {@code 'p'} with other responses, so it is
 * decoded only where the server asked for SASL.
 */
public record SaslInitialResponse(String mechanism, byte[] data) implements FrontendMessage {
  public SaslInitialResponse {
    Objects.requireNonNull(mechanism, "mechanism");
    data = data == null ? null : data.clone();
  }

  @Override
  public byte[] data() {
    return data == null ? null : data.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SaslInitialResponse s
        && s.mechanism.equals(mechanism)
        && java.util.Arrays.equals(s.data, data);
  }

  @Override
  public int hashCode() {
    return mechanism.hashCode() * 31 + java.util.Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return "SaslInitialResponse[mechanism=" + mechanism + ", data=<" + (data == null ? "null" : data.length + " bytes") + ">]";
  }
}
