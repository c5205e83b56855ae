package dev.jitgate.proxy.audit.ship;

import java.time.Duration;
import java.util.Optional;

/** What became of one attempt to send a {@link Batch}. */
sealed interface Outcome {

  /** The auditor answered 2xx: the batch may be acknowledged. */
  record Delivered(int status) implements Outcome {}

  /**
   * The auditor refused the batch with a 4xx other than 408/429 (bad token, bad request…): an
   * operator must act; the batch is retried, never dropped.
   *
   * @param status the HTTP status
   * @param title the problem body's {@code title}, sanitised, or {@code ""}
   */
  record Rejected(int status, String title) implements Outcome {}

  /**
   * A failure that may pass by itself: 5xx, 408, 429, another status, or an I/O error.
   *
   * @param description what went wrong, without payloads or secrets
   * @param retryAfter the server's {@code Retry-After} in seconds, when it gave one
   */
  record Transient(String description, Optional<Duration> retryAfter) implements Outcome {}
}
