package dev.jitgate.access.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** libpq's {@code sslmode} values, used for the connection from jitgate to the database. */
public enum SslMode {
  DISABLE,
  ALLOW,
  PREFER,
  REQUIRE,
  VERIFY_CA,
  VERIFY_FULL;

  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  @JsonCreator
  public static SslMode fromWire(String value) {
    for (SslMode m : values()) {
      if (m.wireName().equals(value)) {
        return m;
      }
    }
    throw new InvalidFieldException(
        "sslMode", "must be one of disable, allow, prefer, require, verify-ca, verify-full");
  }
}
