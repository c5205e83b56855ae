package dev.jitgate.proxy.audit.ship;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A snapshot of a {@link Shipper} for metrics and health checks. Holds no payloads and no secrets.
 *
 * @param lastSuccess when a batch was last acknowledged by the auditor; {@code null} before the first
 * @param consecutiveFailures failed attempts since the last success
 * @param lastError what the last failure was ({@code ""} when the last attempt succeeded)
 * @param rejectedStatus the 4xx status with which the auditor is rejecting batches (0 when it is not);
 *     such batches are retried but need an operator
 * @param acknowledgedSequence the spool position acknowledged so far
 * @param shippedRecords records acknowledged by the auditor since start
 * @param shippedBytes uncompressed NDJSON bytes acknowledged since start
 * @param shippedBatches requests answered with a 2xx since start
 * @param currentBackoff the delay being waited before the next retry ({@link Duration#ZERO} when none)
 */
public record ShipperStatus(
    Instant lastSuccess,
    int consecutiveFailures,
    String lastError,
    int rejectedStatus,
    long acknowledgedSequence,
    long shippedRecords,
    long shippedBytes,
    long shippedBatches,
    Duration currentBackoff) {

  public ShipperStatus {
    Objects.requireNonNull(lastError, "lastError");
    Objects.requireNonNull(currentBackoff, "currentBackoff");
  }

  /** The time of the last success, if any. */
  public Optional<Instant> lastSuccessTime() {
    return Optional.ofNullable(lastSuccess);
  }

  /** True while the auditor rejects batches with a 4xx that retrying will not fix by itself. */
  public boolean rejecting() {
    return rejectedStatus != 0;
  }

  static ShipperStatus initial(long acknowledgedSequence) {
    return new ShipperStatus(null, 0, "", 0, acknowledgedSequence, 0, 0, 0, Duration.ZERO);
  }

  ShipperStatus succeeded(Instant at, long acknowledged, int records, long bytes) {
    return new ShipperStatus(at, 0, "", 0, acknowledged, shippedRecords + records, shippedBytes + bytes,
        shippedBatches + 1, Duration.ZERO);
  }

  ShipperStatus failed(String error, int rejected, Duration backoff) {
    return new ShipperStatus(lastSuccess, consecutiveFailures + 1, error, rejected, acknowledgedSequence,
        shippedRecords, shippedBytes, shippedBatches, backoff);
  }

  ShipperStatus waited() {
    return new ShipperStatus(lastSuccess, consecutiveFailures, lastError, rejectedStatus, acknowledgedSequence,
        shippedRecords, shippedBytes, shippedBatches, Duration.ZERO);
  }
}
