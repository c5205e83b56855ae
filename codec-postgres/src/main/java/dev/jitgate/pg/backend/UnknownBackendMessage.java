package dev.jitgate.pg.backend;

import java.util.Arrays;

/**
 * A backend message of a type (or Authentication code) jitgate does not know:
 * {@code Byte1 type, Int32 len, Byte[len-4] body}. Carried so that it can be passed through untouched.
 */
public record UnknownBackendMessage(byte type, byte[] body) implements BackendMessage {
  public UnknownBackendMessage {
    body = body.clone();
  }

  @Override
  public byte[] body() {
    return body.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof UnknownBackendMessage u && u.type == type && Arrays.equals(u.body, body);
  }

  @Override
  public int hashCode() {
    return type * 31 + Arrays.hashCode(body);
  }

  @Override
  public String toString() {
    return "UnknownBackendMessage[type=" + (type & 0xFF) + ", " + body.length + " bytes]";
  }
}
