package dev.jitgate.access.model;

/**
 * A value that breaks a model invariant. {@link #field()} names the offending field in the JSON form
 * (e.g. {@code "maxDuration"}, {@code "location.port"}), so the admin API can answer 400 naming it.
 */
public final class InvalidFieldException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;
  private final String field;

  public InvalidFieldException(String field, String message) {
    super(field + ": " + message);
    this.field = field;
  }

  /** The JSON field path of the invalid value. */
  public String field() {
    return field;
  }

  /** The reason without the field prefix. */
  public String reason() {
    return getMessage().substring(field.length() + 2);
  }
}
