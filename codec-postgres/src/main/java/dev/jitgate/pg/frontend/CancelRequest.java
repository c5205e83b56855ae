package dev.jitgate.pg.frontend;

import java.util.Arrays;

/**
 * CancelRequest: {@code Int32 len, Int32 80877102, Int32 processId, Byte[len-12] secretKey}. The key is
 * 4 bytes under protocol 3.0 and up to 256 bytes under 3.2.
 */
public record CancelRequest(int processId, byte[] secretKey) implements StartupPacket {

  /** Largest secret key protocol 3.2 allows. */
  public static final int MAX_SECRET_KEY_LENGTH = 256;

  /** Copies the key and checks its length. */
  public CancelRequest {
    if (secretKey.length < 4 || secretKey.length > MAX_SECRET_KEY_LENGTH) {
      throw new IllegalArgumentException("cancel key must be 4 to 256 bytes");
    }
    secretKey = secretKey.clone();
  }

  @Override
  public byte[] secretKey() {
    return secretKey.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CancelRequest c && c.processId == processId && Arrays.equals(c.secretKey, secretKey);
  }

  @Override
  public int hashCode() {
    return 31 * processId + Arrays.hashCode(secretKey);
  }

  @Override
  public String toString() {
    return "CancelRequest[processId=" + processId + ", secretKey=<" + secretKey.length + " bytes>]";
  }
}
