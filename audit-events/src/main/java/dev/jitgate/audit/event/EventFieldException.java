package dev.jitgate.audit.event;

/** A value of an audit event is missing or invalid; {@link #field()} is its JSON name (or path). */
public final class EventFieldException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String field;

  /** An error for {@code field} (its JSON name) with a short reason. */
  public EventFieldException(String field, String reason) {
    super(field + ": " + reason);
    this.field = field;
  }

  /** The JSON name or path of the offending field, e.g. {@code seq} or {@code parameters[1].value}. */
  public String field() {
    return field;
  }

  /** The reason without the field name. */
  public String reason() {
    return getMessage().substring(field.length() + 2);
  }
}
