package dev.jitgate.access.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Why a grant stopped being active. */
public enum EndReason {
  EXPIRED,
  SUPERSEDED,
  REVOKED;

  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  @JsonCreator
  public static EndReason fromWire(String value) {
    for (EndReason v : values()) {
      if (v.wireName().equals(value)) {
        return v;
      }
    }
    throw new InvalidFieldException("endReason", "must be one of expired, superseded, revoked");
  }
}
