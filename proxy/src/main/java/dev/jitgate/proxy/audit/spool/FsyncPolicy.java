package dev.jitgate.proxy.audit.spool;

import java.time.Duration;
import java.util.Objects;

/** When the spool forces appended records to stable storage. */
public sealed interface FsyncPolicy {

  /**
   * Force every record soon after it is written. {@link Spool#append} forces on the appending thread before it
   * returns; {@link Spool#appendForcedSoon} (appenders that must not block, nobody waiting) leaves the force to the
   * spool's sync thread, which lets appends gather for up to {@code groupDelay} after its previous force so that
   * one force covers them all (zero: forces back to back). Appends that wait for durability ({@link
   * Spool#appendDurablyAsync}) are forced at once, never after the delay.
   *
   * @param groupDelay the least time between two forces of the sync thread that nobody waits for; zero or positive
   */
  record Always(Duration groupDelay) implements FsyncPolicy {
    public Always {
      Objects.requireNonNull(groupDelay, "fsync.groupDelay");
      if (groupDelay.isNegative()) {
        throw new IllegalArgumentException("fsync.groupDelay must not be negative, was " + groupDelay);
      }
    }

    /** Forces back to back (no group delay). */
    public Always() {
      this(Duration.ZERO);
    }
  }

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

  /** {@link Always} with forces back to back. */
  static FsyncPolicy always() {
    return new Always();
  }

  /** {@link Always} whose sync thread forces at most once per {@code groupDelay} when nobody waits. */
  static FsyncPolicy always(Duration groupDelay) {
    return new Always(groupDelay);
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
