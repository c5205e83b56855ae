package dev.jitgate.access.rules;

import dev.jitgate.access.service.RejectionCode;
import java.util.Objects;

/**
 * Why a rule refused a transition, in words a user can act on.
 *
 * @param code the kind of refusal (maps to an HTTP status in the admin API)
 * @param field the offending input field, empty when the refusal is not about one field
 * @param message the reason
 */
public record Rejection(RejectionCode code, String field, String message) {
  public Rejection {
    Objects.requireNonNull(code, "code");
    field = field == null ? "" : field;
    Objects.requireNonNull(message, "message");
  }

  /** Bad input in {@code field}. */
  public static Rejection invalid(String field, String message) {
    return new Rejection(RejectionCode.INVALID, field, message);
  }

  /** Authenticated but not allowed. */
  public static Rejection forbidden(String message) {
    return new Rejection(RejectionCode.FORBIDDEN, "", message);
  }

  /** The target's state does not allow the transition. */
  public static Rejection conflict(String message) {
    return new Rejection(RejectionCode.CONFLICT, "", message);
  }

  /** The target does not exist or is not visible. */
  public static Rejection notFound(String message) {
    return new Rejection(RejectionCode.NOT_FOUND, "", message);
  }
}
