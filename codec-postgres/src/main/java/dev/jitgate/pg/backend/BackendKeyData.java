package dev.jitgate.pg.backend;

import java.util.Arrays;

/**
 * BackendKeyData: {@code 'K', Int32 len, Int32 processId, Byte[len-8] secretKey}. 4-byte key under
 * protocol 3.0, up to 256 bytes under 3.2 (PostgreSQL 18 sends 32).
 */
public record BackendKeyData(int processId, byte[] secretKey) implements BackendMessage {
  public BackendKeyData {
    if (secretKey.length < 4 || secretKey.length > 256) {
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
    return o instanceof BackendKeyData k && k.processId == processId && Arrays.equals(k.secretKey, secretKey);
  }

  @Override
  public int hashCode() {
    return processId * 31 + Arrays.hashCode(secretKey);
  }

  @Override
  public String toString() {
    return "BackendKeyData[processId=" + processId + ", secretKey=<" + secretKey.length + " bytes>]";
  }
}
