package dev.jitgate.access.service;

import java.util.Objects;

/**
 * A refused operation with a reason a user can act on. {@link #field()} names the offending input
 * field when there is one (empty otherwise).
 */
public final class AccessException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final RejectionCode code;
  private final String field;

  public AccessException(RejectionCode code, String field, String message) {
    super(message);
    this.code = Objects.requireNonNull(code, "code");
    this.field = field == null ? "" : field;
  }

  public AccessException(RejectionCode code, String message) {
    this(code, "", message);
  }

  public RejectionCode code() {
    return code;
  }

  public String field() {
    return field;
  }
}
