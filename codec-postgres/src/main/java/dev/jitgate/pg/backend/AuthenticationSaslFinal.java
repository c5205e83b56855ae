package dev.jitgate.pg.backend;

import java.util.Arrays;

/** AuthenticationSaslFinal: {@code 'R', Int32 len, Int32 12, Byte[len-8] data}. SASL outcome data (SCRAM server-final-message). */
public record AuthenticationSaslFinal(byte[] data) implements Authentication {
  public AuthenticationSaslFinal {
    data = data.clone();
  }

  @Override
  public byte[] data() {
    return data.clone();
  }

  @Override
  public int code() {
    return 12;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AuthenticationSaslFinal other && Arrays.equals(other.data, data);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return "AuthenticationSaslFinal[<" + data.length + " bytes>]";
  }
}
