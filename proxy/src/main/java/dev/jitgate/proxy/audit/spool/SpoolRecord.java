package dev.jitgate.proxy.audit.spool;

import java.time.Instant;
import java.util.Objects;

/**
 * One record read back from the spool.
 *
 * @param sequence global, strictly increasing, 1-based
 * @param appendedAt when it was appended
 * @param payload the opaque bytes as appended (not copied; do not modify)
 */
public record SpoolRecord(long sequence, Instant appendedAt, byte[] payload) {

  public SpoolRecord {
    Objects.requireNonNull(appendedAt, "appendedAt");
    Objects.requireNonNull(payload, "payload");
  }

  @Override
  public String toString() {
    return "SpoolRecord[sequence=" + sequence + ", appendedAt=" + appendedAt + ", bytes=" + payload.length + "]";
  }
}
