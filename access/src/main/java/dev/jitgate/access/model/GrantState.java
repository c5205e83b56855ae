package dev.jitgate.access.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The life of a grant: active until it ends (time, superseded) or is revoked. */
public enum GrantState {
  ACTIVE,
  ENDED,
  REVOKED;

  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  @JsonCreator
  public static GrantState fromWire(String value) {
    for (GrantState v : values()) {
      if (v.wireName().equals(value)) {
        return v;
      }
    }
    throw new InvalidFieldException("state", "must be one of active, ended, revoked");
  }
}
