package dev.jitgate.audit.event;

import java.util.Optional;

/** The wire format of a bind parameter. */
public enum ParameterFormat {
  /** Text format (format code 0). */
  TEXT("text"),
  /** Binary format (format code 1). */
  BINARY("binary");

  private final String json;

  ParameterFormat(String json) {
    this.json = json;
  }

  /** The JSON value. */
  public String json() {
    return json;
  }

  /** The constant for a JSON value. */
  public static Optional<ParameterFormat> fromJson(String value) {
    for (ParameterFormat c : values()) {
      if (c.json.equals(value)) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }
}
