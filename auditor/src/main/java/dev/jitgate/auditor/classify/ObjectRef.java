package dev.jitgate.auditor.classify;

/**
 * A database object named in a statement. Names are normalized as PostgreSQL does: unquoted identifiers
 * folded to lower case, quoted ones unescaped and kept as written. {@code schema} is null when the name is
 * not schema-qualified (a database qualifier is dropped).
 */
public record ObjectRef(ObjectKind kind, String schema, String name) {

  /** Validates the fields. */
  public ObjectRef {
    if (kind == null) {
      throw new IllegalArgumentException("kind must not be null");
    }
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("name must not be empty");
    }
  }

  /** The name as {@code schema.name} or {@code name}. */
  public String qualifiedName() {
    return schema == null ? name : schema + "." + name;
  }
}
