package dev.jitgate.proxy.audit.ship;

import dev.jitgate.proxy.config.Secret;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * Settings of one {@link Shipper}. The token is a {@link Secret}, so this record can be logged.
 *
 * @param endpoint the auditor's {@code POST /v1/events} URI, http or https
 * @param token the bearer token sent in {@code Authorization}
 * @param batchMaxRecords most records per request
 * @param batchMaxBytes most bytes of the uncompressed NDJSON body per request (a single larger
 *     record is still sent, alone)
 * @param maxDelay longest wait for more records before a partial batch is sent, counted from the
 *     append time of its first record
 * @param requestTimeout limit for connecting and for the response headers of one request
 * @param backoffInitial ceiling of the first retry delay
 * @param backoffMax ceiling of every retry delay, and cap of a server's {@code Retry-After}
 * @param gzipLevel the gzip (deflate) level of request bodies: 0 stores the NDJSON uncompressed in the gzip
 *     stream (least CPU, for an auditor on the same host or network), 1 (the default) is the fastest that
 *     compresses, 9 the smallest
 */
public record ShipperConfig(
    URI endpoint,
    Secret token,
    int batchMaxRecords,
    int batchMaxBytes,
    Duration maxDelay,
    Duration requestTimeout,
    Duration backoffInitial,
    Duration backoffMax,
    int gzipLevel) {

  /** Default batch size in records. */
  public static final int DEFAULT_BATCH_MAX_RECORDS = 1000;

  /** Default batch size in uncompressed bytes: 1 MiB. */
  public static final int DEFAULT_BATCH_MAX_BYTES = 1 << 20;

  /** Default wait before a partial batch is sent. */
  public static final Duration DEFAULT_MAX_DELAY = Duration.ofMillis(200);

  /** Default request timeout. */
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);

  /** Default first retry ceiling. */
  public static final Duration DEFAULT_BACKOFF_INITIAL = Duration.ofMillis(200);

  /** Default retry ceiling. */
  public static final Duration DEFAULT_BACKOFF_MAX = Duration.ofSeconds(30);

  /**
   * Default gzip level: 1, the fastest that compresses. Audit NDJSON still shrinks about 5 times, for about half
   * the CPU of zlib's default level 6 (3.8 against 8.0 µs per 500-byte event, measured with Python's zlib module).
   */
  public static final int DEFAULT_GZIP_LEVEL = 1;

  public ShipperConfig {
    Objects.requireNonNull(endpoint, "shipper.endpoint");
    Objects.requireNonNull(token, "shipper.token");
    String scheme = endpoint.getScheme() == null ? "" : endpoint.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new IllegalArgumentException("shipper.endpoint must be an http or https URI, was " + endpoint);
    }
    if (endpoint.getHost() == null || endpoint.getHost().isEmpty()) {
      throw new IllegalArgumentException("shipper.endpoint must name a host, was " + endpoint);
    }
    if (endpoint.getRawUserInfo() != null) {
      throw new IllegalArgumentException("shipper.endpoint must not carry credentials; use shipper.token");
    }
    String value = token.value();
    if (value.isBlank()) {
      throw new IllegalArgumentException("shipper.token must not be blank");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x21 || c > 0x7e) {
        throw new IllegalArgumentException(
            "shipper.token must be printable ASCII without spaces (character at index " + i + " is not)");
      }
    }
    if (batchMaxRecords < 1) {
      throw new IllegalArgumentException("shipper.batchMaxRecords must be at least 1, was " + batchMaxRecords);
    }
    if (batchMaxBytes < 1) {
      throw new IllegalArgumentException("shipper.batchMaxBytes must be at least 1, was " + batchMaxBytes);
    }
    requireNotNegative(maxDelay, "shipper.maxDelay");
    requirePositive(requestTimeout, "shipper.requestTimeout");
    requirePositive(backoffInitial, "shipper.backoffInitial");
    requirePositive(backoffMax, "shipper.backoffMax");
    if (backoffMax.compareTo(backoffInitial) < 0) {
      throw new IllegalArgumentException("shipper.backoffMax must be at least shipper.backoffInitial ("
          + backoffInitial + "), was " + backoffMax);
    }
    if (gzipLevel < 0 || gzipLevel > 9) {
      throw new IllegalArgumentException("shipper.gzipLevel must be 0..9, was " + gzipLevel);
    }
  }

  /** A config with the default sizes, timings and gzip level. */
  public static ShipperConfig defaults(URI endpoint, Secret token) {
    return defaults(endpoint, token, DEFAULT_GZIP_LEVEL);
  }

  /** A config with the default sizes and timings and {@code gzipLevel}. */
  public static ShipperConfig defaults(URI endpoint, Secret token, int gzipLevel) {
    return new ShipperConfig(endpoint, token, DEFAULT_BATCH_MAX_RECORDS, DEFAULT_BATCH_MAX_BYTES, DEFAULT_MAX_DELAY,
        DEFAULT_REQUEST_TIMEOUT, DEFAULT_BACKOFF_INITIAL, DEFAULT_BACKOFF_MAX, gzipLevel);
  }

  private static void requireNotNegative(Duration value, String field) {
    Objects.requireNonNull(value, field);
    if (value.isNegative()) {
      throw new IllegalArgumentException(field + " must not be negative, was " + value);
    }
  }

  private static void requirePositive(Duration value, String field) {
    Objects.requireNonNull(value, field);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(field + " must be positive, was " + value);
    }
  }
}
