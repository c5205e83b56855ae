package dev.jitgate.pg.frontend;

import dev.jitgate.pg.Bytes;

/**
 * CancelRequest: {@code Int32 len, Int32 80877102, Int32 processId, Byte[len-12] secretKey}. The key is
 * 4 bytes under protocol 3.0 and up to 256 bytes under 3.2.
 */
public record CancelRequest(int processId, Bytes secretKey) implements StartupPacket {

  /** Largest secret key protocol 3.2 allows. */
  public static final int MAX_SECRET_KEY_LENGTH = 256;

  /** Checks the key's length. */
  public CancelRequest {
    if (secretKey.length() < 4 || secretKey.length() > MAX_SECRET_KEY_LENGTH) {
      throw new IllegalArgumentException("cancel key must be 4 to 256 bytes");
    }
  }
}
