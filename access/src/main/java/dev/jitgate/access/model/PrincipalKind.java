package dev.jitgate.access.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Whether a principal is a person (or service) or a group of them. */
public enum PrincipalKind {
  USER,
  GROUP;

  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  @JsonCreator
  public static PrincipalKind fromWire(String value) {
    for (PrincipalKind k : values()) {
      if (k.wireName().equals(value)) {
        return k;
      }
    }
    throw new InvalidFieldException("kind", "must be user or group");
  }
}
