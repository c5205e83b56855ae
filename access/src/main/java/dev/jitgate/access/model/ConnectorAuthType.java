package dev.jitgate.access.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** How jitgate's connector user authenticates to the database. */
public enum ConnectorAuthType {
  /** RDS IAM authentication tokens. */
  IAM,
  /** A password read from a secret reference. */
  PASSWORD;

  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  @JsonCreator
  public static ConnectorAuthType fromWire(String value) {
    for (ConnectorAuthType t : values()) {
      if (t.wireName().equals(value)) {
        return t;
      }
    }
    throw new InvalidFieldException("connector.auth", "must be iam or password");
  }
}
