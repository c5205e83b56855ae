package dev.jitgate.access.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Where a principal's definition comes from. */
public enum PrincipalSource {
  /** Defined through the admin API or configuration. */
  LOCAL,
  /** Learned from OIDC token claims at sign-in. */
  OIDC;

  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  @JsonCreator
  public static PrincipalSource fromWire(String value) {
    for (PrincipalSource s : values()) {
      if (s.wireName().equals(value)) {
        return s;
      }
    }
    throw new InvalidFieldException("source", "must be local or oidc");
  }
}
