package dev.jitgate.audit.event;

import java.util.Optional;

/** The direction of a COPY: {@code in} is client to server (FROM STDIN), {@code out} the reverse. */
public enum CopyDirection {
  /** COPY FROM STDIN: data flows from the client. */
  IN("in"),
  /** COPY TO STDOUT: data flows to the client. */
  OUT("out");

  private final String json;

  CopyDirection(String json) {
    this.json = json;
  }

  /** The JSON value. */
  public String json() {
    return json;
  }

  /** The constant for a JSON value. */
  public static Optional<CopyDirection> fromJson(String value) {
    for (CopyDirection c : values()) {
      if (c.json.equals(value)) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }
}
