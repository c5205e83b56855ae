package dev.jitgate.pg.backend;

import dev.jitgate.pg.Bytes;

/** AuthenticationMD5Password: {@code 'R', Int32 12, Int32 5, Byte4 salt}. */
public record AuthenticationMd5Password(Bytes salt) implements Authentication {
  public AuthenticationMd5Password {
    if (salt.length() != 4) {
      throw new IllegalArgumentException("MD5 salt has 4 bytes");
    }
  }

  @Override
  public int code() {
    return 5;
  }
}
