package dev.jitgate.proxy.audit.ship;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with full jitter: the delay before retry {@code n} (1-based) is uniform in
 * {@code [0, min(max, initial * 2^(n-1))]}.
 */
final class Backoff {

  private final long initialNanos;
  private final long maxNanos;
  private final RandomGenerator random;

  Backoff(Duration initial, Duration max, RandomGenerator random) {
    this.initialNanos = initial.toNanos();
    this.maxNanos = max.toNanos();
    this.random = Objects.requireNonNull(random, "random");
    if (initialNanos < 1 || maxNanos < initialNanos) {
      throw new IllegalArgumentException("backoff needs 0 < initial <= max, was " + initial + " and " + max);
    }
  }

  /** The upper bound of the delay before retry {@code attempt}. */
  Duration ceiling(int attempt) {
    return Duration.ofNanos(ceilingNanos(attempt));
  }

  /** A random delay in {@code [0, ceiling(attempt)]}. */
  Duration delay(int attempt) {
    return Duration.ofNanos(random.nextLong(ceilingNanos(attempt) + 1));
  }

  private long ceilingNanos(int attempt) {
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt must be at least 1, was " + attempt);
    }
    int doublings = attempt - 1;
    if (doublings >= Long.SIZE - 2 || initialNanos > (maxNanos >> doublings)) {
      return maxNanos;
    }
    return Math.min(maxNanos, initialNanos << doublings);
  }
}
