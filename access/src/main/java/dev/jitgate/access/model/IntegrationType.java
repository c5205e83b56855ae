package dev.jitgate.access.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The kind of database an integration points at. */
public enum IntegrationType {
  POSTGRESQL;

  @JsonValue
  public String wireName() {
    return "postgresql";
  }

  @JsonCreator
  public static IntegrationType fromWire(String value) {
    if ("postgresql".equals(value)) {
      return POSTGRESQL;
    }
    throw new InvalidFieldException("type", "must be postgresql");
  }
}
