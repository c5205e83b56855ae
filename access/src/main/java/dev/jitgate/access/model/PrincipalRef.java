package dev.jitgate.access.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;

/**
 * A reference to a user or a group, written {@code user:<name>} or {@code group:<name>} in JSON.
 *
 * @param kind user or group
 * @param name the principal name
 */
public record PrincipalRef(PrincipalKind kind, String name) {

  public PrincipalRef {
    Objects.requireNonNull(kind, "kind");
    Names.principal("name", name);
  }

  public static PrincipalRef user(String name) {
    return new PrincipalRef(PrincipalKind.USER, name);
  }

  public static PrincipalRef group(String name) {
    return new PrincipalRef(PrincipalKind.GROUP, name);
  }

  /** Parses {@code user:<name>} or {@code group:<name>}. */
  @JsonCreator
  public static PrincipalRef parse(String text) {
    if (text != null && text.startsWith("user:")) {
      return user(text.substring(5));
    }
    if (text != null && text.startsWith("group:")) {
      return group(text.substring(6));
    }
    throw new InvalidFieldException("principal", "must be written user:<name> or group:<name>");
  }

  /** True when this reference names {@code user} or one of the groups it belongs to. */
  public boolean matches(String user, java.util.Collection<String> groups) {
    return switch (kind) {
      case USER -> name.equals(user);
      case GROUP -> groups.contains(name);
    };
  }

  @JsonValue
  @Override
  public String toString() {
    return kind.wireName() + ":" + name;
  }
}
