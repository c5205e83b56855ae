package dev.jitgate.access.store;

import dev.jitgate.access.model.AccessEntity;
import dev.jitgate.access.model.EntityKind;
import java.util.Objects;

/** One write in a {@link ChangeSet}, checked against the revision the writer read. */
public sealed interface Change {

  /**
   * Inserts or replaces an entity. The entity's {@code revision()} is the revision the writer read: 0 means
   * "must not exist yet", anything else must equal the stored revision.
   *
   * @param entity the new state
   */
  record Put(AccessEntity entity) implements Change {
    public Put {
      Objects.requireNonNull(entity, "entity");
    }
  }

  /**
   * Deletes an entity that must exist at {@code expectedRevision}.
   *
   * @param kind the entity kind
   * @param key the entity key
   * @param expectedRevision the revision the writer read
   */
  record Delete(EntityKind kind, String key, long expectedRevision) implements Change {
    public Delete {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(key, "key");
    }
  }

  /** The kind of the entity this change writes. */
  default EntityKind kind() {
    return switch (this) {
      case Put p -> p.entity().entityKind();
      case Delete d -> d.kind();
    };
  }

  /** The key of the entity this change writes. */
  default String key() {
    return switch (this) {
      case Put p -> p.entity().key();
      case Delete d -> d.key();
    };
  }
}
