package dev.jitgate.access.service;

import dev.jitgate.access.model.AccessEntity;
import dev.jitgate.access.model.AdminEvent;
import dev.jitgate.access.model.InvalidFieldException;
import dev.jitgate.access.rules.Rejection;
import dev.jitgate.access.rules.RuleResult;
import dev.jitgate.access.ids.IdGenerator;
import dev.jitgate.access.store.StaleRevisionException;
import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Runs a service operation's read-decide-commit step, retrying it when the commit finds that someone
 * else changed what it read, and turns rule rejections and model validation errors into
 * {@link AccessException}s.
 */
final class Transactions {
  /** Attempts of one read-decide-commit step (the first and three retries). */
  static final int MAX_ATTEMPTS = 4;

  private final IdGenerator ids;

  Transactions(IdGenerator ids) {
    this.ids = ids;
  }

  /** Runs {@code step}, again on a stale revision, up to {@link #MAX_ATTEMPTS} times; then CONFLICT. */
  <T> T run(Supplier<T> step) {
    StaleRevisionException last = null;
    for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      try {
        return guard(step);
      } catch (StaleRevisionException e) {
        last = e;
      }
    }
    throw new AccessException(RejectionCode.CONFLICT, last.kind().wireName() + " " + last.key()
        + " kept changing while it was being updated; try again");
  }

  /** Runs {@code step}, translating model validation errors into INVALID. */
  static <T> T guard(Supplier<T> step) {
    try {
      return step.get();
    } catch (InvalidFieldException e) {
      throw new AccessException(RejectionCode.INVALID, e.field(), e.reason());
    }
  }

  /** The accepted value, or the rejection as an {@link AccessException}. */
  static <T> T require(RuleResult<T> result) {
    return result.orElseThrow(Transactions::toException);
  }

  /** The exception for {@code rejection}. */
  static AccessException toException(Rejection rejection) {
    return new AccessException(rejection.code(), rejection.field(), rejection.message());
  }

  /** An admin event about {@code target} with a fresh id. */
  AdminEvent event(String actor, Instant time, String action, AccessEntity target,
      Map<String, String> details) {
    return new AdminEvent(ids.next(), time, actor, action, target.entityKind().wireName(), target.key(),
        details);
  }
}
