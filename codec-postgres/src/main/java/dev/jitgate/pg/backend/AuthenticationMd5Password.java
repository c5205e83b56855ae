package dev.jitgate.pg.backend;

import java.util.Arrays;

/** AuthenticationMD5Password: {@code 'R', Int32 12, Int32 5, Byte4 salt}. */
public record AuthenticationMd5Password(byte[] salt) implements Authentication {
  public AuthenticationMd5Password {
    if (salt.length != 4) {
      throw new IllegalArgumentException("MD5 salt has 4 bytes");
    }
    salt = salt.clone();
  }

  @Override
  public byte[] salt() {
    return salt.clone();
  }

  @Override
  public int code() {
    return 5;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AuthenticationMd5Password other && Arrays.equals(other.salt, salt);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(salt);
  }

  @Override
  public String toString() {
    return "AuthenticationMd5Password[salt=<4 bytes>]";
  }
}
