package dev.jitgate.proxy.audit.spool;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Settings of one {@link Spool}.
 *
 * @param directory where segment files and the {@code ack} file live (created when missing)
 * @param segmentBytes a segment rolls when the next record would make it larger than this
 * @param maxTotalBytes cap on the bytes of all segment files; appends beyond it fail with
 *     {@link SpoolFullException} (backpressure, the oldest records are never dropped)
 * @param fsync when appended records are forced to disk
 * @param maxRecordBytes largest accepted payload
 */
public record SpoolConfig(
    Path directory, long segmentBytes, long maxTotalBytes, FsyncPolicy fsync, int maxRecordBytes) {

  /** Default segment size: 64 MiB. */
  public static final long DEFAULT_SEGMENT_BYTES = 64L << 20;

  /** Default cap: 1 GiB. */
  public static final long DEFAULT_MAX_TOTAL_BYTES = 1L << 30;

  /** Default largest payload: 4 MiB. */
  public static final int DEFAULT_MAX_RECORD_BYTES = 4 << 20;

  public SpoolConfig {
    Objects.requireNonNull(directory, "spool.directory");
    Objects.requireNonNull(fsync, "spool.fsync");
    if (maxRecordBytes < 1) {
      throw new IllegalArgumentException("spool.maxRecordBytes must be at least 1, was " + maxRecordBytes);
    }
    long smallestSegment = (long) RecordFormat.HEADER_BYTES + maxRecordBytes;
    if (segmentBytes < smallestSegment) {
      throw new IllegalArgumentException(
          "spool.segmentBytes must hold one record of maxRecordBytes (at least "
              + smallestSegment + "), was " + segmentBytes);
    }
    if (maxTotalBytes < segmentBytes) {
      throw new IllegalArgumentException(
          "spool.maxTotalBytes must be at least spool.segmentBytes (" + segmentBytes + "), was " + maxTotalBytes);
    }
  }

  /** A config with the default sizes. */
  public static SpoolConfig defaults(Path directory, FsyncPolicy fsync) {
    return new SpoolConfig(directory, DEFAULT_SEGMENT_BYTES, DEFAULT_MAX_TOTAL_BYTES, fsync, DEFAULT_MAX_RECORD_BYTES);
  }
}
