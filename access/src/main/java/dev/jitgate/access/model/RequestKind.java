package dev.jitgate.access.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Whether a request asks for new access or to extend an active grant. */
public enum RequestKind {
  NEW,
  EXTENSION;

  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  @JsonCreator
  public static RequestKind fromWire(String value) {
    for (RequestKind v : values()) {
      if (v.wireName().equals(value)) {
        return v;
      }
    }
    throw new InvalidFieldException("kind", "must be one of new, extension");
  }
}
