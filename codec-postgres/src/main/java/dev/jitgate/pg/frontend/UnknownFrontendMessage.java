package dev.jitgate.pg.frontend;

/**
 * A frontend message of a type jitgate does not know: {@code Byte1 type, Int32 len, Byte[len-4] body}.
 * Carried so that it can be passed through untouched.
 */
public record UnknownFrontendMessage(byte type, byte[] body) implements FrontendMessage {
  public UnknownFrontendMessage {
    body = body.clone();
  }

  @Override
  public byte[] body() {
    return body.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof UnknownFrontendMessage u && u.type == type && java.util.Arrays.equals(u.body, body);
  }

  @Override
  public int hashCode() {
    return type * 31 + java.util.Arrays.hashCode(body);
  }

  @Override
  public String toString() {
    return "UnknownFrontendMessage[type=" + (type & 0xFF) + ", " + body.length + " bytes]";
  }
}
