package dev.jitgate.access.model;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A database object access can be scoped to: a database, a schema in it, or a table in a schema.
 * Its key is its path {@code integration/database[/schema[/table]]}.
 *
 * @param integration the integration name
 * @param database the database name
 * @param schema the schema name, empty for a database resource
 * @param table the table name, empty for a database or schema resource
 * @param tags free-form tags, e.g. {@code owner=payments-team}; keys {@code [a-zA-Z0-9_.:/-]{1,128}}
 * @param revision store revision, 0 before the first save
 */
public record Resource(
    String integration, String database, String schema, String table, Map<String, String> tags,
    long revision)
    implements AccessEntity {

  public Resource {
    Names.slug("integration", integration);
    Names.identifier("database", database);
    schema = schema == null ? "" : schema;
    table = table == null ? "" : table;
    if (!schema.isEmpty()) {
      Names.identifier("schema", schema);
    }
    if (!table.isEmpty()) {
      if (schema.isEmpty()) {
        throw new InvalidFieldException("schema", "is required when table is set");
      }
      Names.identifier("table", table);
    }
    tags = tags == null ? Map.of() : Map.copyOf(new TreeMap<>(tags));
    if (tags.size() > 64) {
      throw new InvalidFieldException("tags", "must hold at most 64 tags");
    }
    for (Map.Entry<String, String> t : tags.entrySet()) {
      checkTagKey("tags", t.getKey());
      if (t.getValue() == null || t.getValue().length() > 256) {
        throw new InvalidFieldException("tags", "values must be at most 256 characters");
      }
    }
  }

  /** Checks a tag key. */
  static void checkTagKey(String field, String key) {
    if (key == null || !key.matches("[a-zA-Z0-9_.:/-]{1,128}")) {
      throw new InvalidFieldException(field, "tag keys must match [a-zA-Z0-9_.:/-]{1,128}");
    }
  }

  /** The path of a database resource. */
  public static String path(String integration, String database) {
    return integration + "/" + database;
  }

  @Override
  public EntityKind entityKind() {
    return EntityKind.RESOURCE;
  }

  /** {@code integration/database[/schema[/table]]}. */
  @Override
  public String key() {
    StringBuilder sb = new StringBuilder(integration).append('/').append(database);
    if (!schema.isEmpty()) {
      sb.append('/').append(schema);
      if (!table.isEmpty()) {
        sb.append('/').append(table);
      }
    }
    return sb.toString();
  }

  @Override
  public Resource withRevision(long newRevision) {
    return new Resource(integration, database, schema, table, tags, newRevision);
  }

  /** The owning group named by the tag {@code ownerTagKey}, if present. */
  public Optional<String> owner(String ownerTagKey) {
    if (ownerTagKey == null || ownerTagKey.isEmpty()) {
      return Optional.empty();
    }
    return Optional.ofNullable(tags.get(ownerTagKey)).filter(v -> !v.isBlank());
  }
}
