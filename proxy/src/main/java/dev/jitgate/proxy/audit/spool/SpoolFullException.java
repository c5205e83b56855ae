package dev.jitgate.proxy.audit.spool;

/**
 * The spool reached its byte cap: the record was not written. Callers refuse the audited action
 * (backpressure) until the shipper catches up; the spool never drops older records to make room.
 */
public final class SpoolFullException extends Exception {

  private static final long serialVersionUID = 1L;

  private final long totalBytes;
  private final long maxTotalBytes;

  SpoolFullException(long totalBytes, long recordBytes, long maxTotalBytes) {
    super("audit spool full: " + totalBytes + " bytes on disk + " + recordBytes
        + " for the new record would exceed maxTotalBytes " + maxTotalBytes);
    this.totalBytes = totalBytes;
    this.maxTotalBytes = maxTotalBytes;
  }

  /** Bytes held by the spool's segments when the append was refused. */
  public long totalBytes() {
    return totalBytes;
  }

  /** The configured cap. */
  public long maxTotalBytes() {
    return maxTotalBytes;
  }
}
