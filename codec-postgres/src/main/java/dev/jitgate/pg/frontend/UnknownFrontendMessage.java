package dev.jitgate.pg.frontend;

import dev.jitgate.pg.Bytes;
import java.util.Objects;

/**
 * A frontend message of a type jitgate does not know: {@code Byte1 type, Int32 len, Byte[len-4] body}.
 * Carried so that it can be passed through untouched.
 */
public record UnknownFrontendMessage(byte type, Bytes body) implements FrontendMessage {
  public UnknownFrontendMessage {
    Objects.requireNonNull(body, "body");
  }

  /** Shows the type unsigned (the default would print type bytes above 127 as negative numbers). */
  @Override
  public String toString() {
    return "UnknownFrontendMessage[type=" + (type & 0xFF) + ", body=" + body + "]";
  }
}
