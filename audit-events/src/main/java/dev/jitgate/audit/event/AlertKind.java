package dev.jitgate.audit.event;

import java.util.Optional;

/** What an {@code alert} event reports: how a session's hash chain or sequence was found broken. */
public enum AlertKind {
  /** Events are missing (removed, or never delivered). */
  GAP("gap"),
  /** An event's {@code prev} does not match its predecessor: one of the two was changed. */
  ALTERED("altered"),
  /** An event arrived after one with a higher seq (including one filling an earlier gap). */
  REORDERED("reordered"),
  /** Two different events claim the same seq, or one id arrived with two contents. */
  CONFLICT("conflict");

  private final String json;

  AlertKind(String json) {
    this.json = json;
  }

  /** The JSON value. */
  public String json() {
    return json;
  }

  /** The constant for a JSON value. */
  public static Optional<AlertKind> fromJson(String value) {
    for (AlertKind k : values()) {
      if (k.json.equals(value)) {
        return Optional.of(k);
      }
    }
    return Optional.empty();
  }
}
