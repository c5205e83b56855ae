package dev.jitgate.pg.backend;

import dev.jitgate.pg.Bytes;

/**
 * BackendKeyData: {@code 'K', Int32 len, Int32 processId, Byte[len-8] secretKey}. 4-byte key under
 * protocol 3.0, up to 256 bytes under 3.2 (PostgreSQL 18 sends 32).
 */
public record BackendKeyData(int processId, Bytes secretKey) implements BackendMessage {
  public BackendKeyData {
    if (secretKey.length() < 4 || secretKey.length() > 256) {
      throw new IllegalArgumentException("cancel key must be 4 to 256 bytes");
    }
  }
}
