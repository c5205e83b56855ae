package dev.jitgate.audit.event;

import java.util.Optional;

/** How a statement reached the server: a simple Query, Parse/Bind/Execute, or a FunctionCall. */
public enum Protocol {
  /** A simple Query message (one event per statement of a multi-statement string). */
  SIMPLE("simple"),
  /** The extended protocol: Parse/Bind/Execute. */
  EXTENDED("extended"),
  /** The fast-path FunctionCall message. */
  FUNCTION_CALL("function_call");

  private final String json;

  Protocol(String json) {
    this.json = json;
  }

  /** The JSON value. */
  public String json() {
    return json;
  }

  /** The constant for a JSON value. */
  public static Optional<Protocol> fromJson(String value) {
    for (Protocol p : values()) {
      if (p.json.equals(value)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }
}
