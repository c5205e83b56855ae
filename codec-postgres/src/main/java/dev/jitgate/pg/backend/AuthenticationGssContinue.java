package dev.jitgate.pg.backend;

import java.util.Arrays;

/** AuthenticationGssContinue: {@code 'R', Int32 len, Int32 8, Byte[len-8] data}. A GSSAPI or SSPI continuation. */
public record AuthenticationGssContinue(byte[] data) implements Authentication {
  public AuthenticationGssContinue {
    data = data.clone();
  }

  @Override
  public byte[] data() {
    return data.clone();
  }

  @Override
  public int code() {
    return 8;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AuthenticationGssContinue other && Arrays.equals(other.data, data);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return "AuthenticationGssContinue[<" + data.length + " bytes>]";
  }
}
