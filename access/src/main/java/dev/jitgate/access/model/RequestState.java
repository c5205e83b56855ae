package dev.jitgate.access.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The life of an access request; every state but pending is final. */
public enum RequestState {
  PENDING,
  APPROVED,
  DENIED,
  CANCELLED,
  EXPIRED;

  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  @JsonCreator
  public static RequestState fromWire(String value) {
    for (RequestState v : values()) {
      if (v.wireName().equals(value)) {
        return v;
      }
    }
    throw new InvalidFieldException("state", "must be one of pending, approved, denied, cancelled, expired");
  }
}
