package dev.jitgate.pg.backend;

import dev.jitgate.pg.Bytes;
import java.util.Objects;

/**
 * A backend message of a type (or Authentication code) jitgate does not know:
 * {@code Byte1 type, Int32 len, Byte[len-4] body}. Carried so that it can be passed through untouched.
 */
public record UnknownBackendMessage(byte type, Bytes body) implements BackendMessage {
  public UnknownBackendMessage {
    Objects.requireNonNull(body, "body");
  }

  /** Shows the type unsigned (the default would print type bytes above 127 as negative numbers). */
  @Override
  public String toString() {
    return "UnknownBackendMessage[type=" + (type & 0xFF) + ", body=" + body + "]";
  }
}
