package dev.jitgate.pg.backend;

import java.util.Arrays;

/** AuthenticationSaslContinue: {@code 'R', Int32 len, Int32 11, Byte[len-8] data}. A SASL challenge (SCRAM server-first-message). */
public record AuthenticationSaslContinue(byte[] data) implements Authentication {
  public AuthenticationSaslContinue {
    data = data.clone();
  }

  @Override
  public byte[] data() {
    return data.clone();
  }

  @Override
  public int code() {
    return 11;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AuthenticationSaslContinue other && Arrays.equals(other.data, data);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return "AuthenticationSaslContinue[<" + data.length + " bytes>]";
  }
}
