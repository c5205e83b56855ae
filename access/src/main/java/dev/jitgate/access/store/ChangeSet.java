package dev.jitgate.access.store;

import dev.jitgate.access.model.AccessEntity;
import dev.jitgate.access.model.AdminEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes that commit together, with the admin events that describe them; the store applies all of
 * them in one transaction or none.
 *
 * @param changes the entity writes; may be empty for an action that changes nothing (e.g. a connection
 *     test), which still gets a version so that its events are ordered with the rest
 * @param events the outbox events, written in the same transaction
 */
public record ChangeSet(List<Change> changes, List<AdminEvent> events) {
  public ChangeSet {
    changes = List.copyOf(changes);
    events = events == null ? List.of() : List.copyOf(events);
    if (changes.isEmpty() && events.isEmpty()) {
      throw new IllegalArgumentException("a change set needs at least one change or event");
    }
  }

  /** A builder for change sets assembled step by step. */
  public static Builder builder() {
    return new Builder();
  }

  /** Collects changes and events. */
  public static final class Builder {
    private final List<Change> changes = new ArrayList<>();
    private final List<AdminEvent> events = new ArrayList<>();

    private Builder() {}

    public Builder put(AccessEntity entity) {
      changes.add(new Change.Put(entity));
      return this;
    }

    public Builder delete(AccessEntity entity) {
      changes.add(new Change.Delete(entity.entityKind(), entity.key(), entity.revision()));
      return this;
    }

    public Builder event(AdminEvent event) {
      events.add(event);
      return this;
    }

    public ChangeSet build() {
      return new ChangeSet(changes, events);
    }
  }
}
