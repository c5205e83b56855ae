package dev.jitgate.access.model;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.Map;

/** Which databases an access flow covers: by path (with {@code *} for any database) or by tag. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
  @JsonSubTypes.Type(value = ResourceSelector.ByPath.class, name = "path"),
  @JsonSubTypes.Type(value = ResourceSelector.ByTag.class, name = "tag")
})
public sealed interface ResourceSelector {

  /**
   * Selects {@code integration/database}; database {@code *} selects every database of the integration.
   *
   * @param integration the integration name
   * @param database a database name or {@code *}
   */
  record ByPath(String integration, String database) implements ResourceSelector {
    public ByPath {
      Names.slug("resources.integration", integration);
      if (!"*".equals(database)) {
        Names.identifier("resources.database", database);
      }
    }
  }

  /**
   * Selects databases whose resource carries the tag {@code key=value}.
   *
   * @param key tag key
   * @param value tag value
   */
  record ByTag(String key, String value) implements ResourceSelector {
    public ByTag {
      Resource.checkTagKey("resources.key", key);
      Names.required("resources.value", value);
    }
  }

  /** True when this selector covers {@code integration/database} whose tags are {@code tags}. */
  default boolean selects(String integration, String database, Map<String, String> tags) {
    return switch (this) {
      case ByPath p -> p.integration().equals(integration)
          && ("*".equals(p.database()) || p.database().equals(database));
      case ByTag t -> t.value().equals(tags.get(t.key()));
    };
  }
}
