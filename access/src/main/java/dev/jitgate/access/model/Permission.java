package dev.jitgate.access.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A permission level an integration offers: {@code read}, {@code write}, {@code admin}, or the name
 * of a database role.
 *
 * @param name the level or role name, {@code [a-z_][a-z0-9_]{0,62}}
 */
public record Permission(String name) {
  public static final Permission READ = new Permission("read");
  public static final Permission WRITE = new Permission("write");
  public static final Permission ADMIN = new Permission("admin");

  public Permission {
    Names.required("permission", name);
    if (!Names.PERMISSION.matcher(name).matches()) {
      throw new InvalidFieldException("permission", "must match [a-z_][a-z0-9_]{0,62}");
    }
  }

  @JsonCreator
  public static Permission of(String name) {
    return new Permission(name);
  }

  /** True for read, write and admin; false for a named database role. */
  public boolean isLevel() {
    return equals(READ) || equals(WRITE) || equals(ADMIN);
  }

  @JsonValue
  @Override
  public String toString() {
    return name;
  }
}
