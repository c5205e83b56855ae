package dev.jitgate.proxy.audit.spool;

import java.time.Duration;
import java.util.Objects;

/** When the spool forces appended records to stable storage. */
public sealed interface FsyncPolicy {

  /** Force after every append, on the appending thread (what fail-closed auditing needs). */
  record Always() implements FsyncPolicy {}

  /**
   * Force at most every {@code interval}, from a background flusher thread; appends never wait.
   *
   * @param interval time between forces, positive
   */
  record Interval(Duration interval) implements FsyncPolicy {
    public Interval {
      Objects.requireNonNull(interval, "fsync.interval");
      if (interval.isNegative() || interval.isZero()) {
        throw new IllegalArgumentException("fsync.interval must be positive, was " + interval);
      }
    }
  }

  /** Never force on a schedule; the operating system writes back when it likes. */
  record Never() implements FsyncPolicy {}

  /** {@link Always}. */
  static FsyncPolicy always() {
    return new Always();
  }

  /** {@link Interval} of {@code interval}. */
  static FsyncPolicy interval(Duration interval) {
    return new Interval(interval);
  }

  /** {@link Never}. */
  static FsyncPolicy never() {
    return new Never();
  }
}
