package dev.jitgate.access.store;

import dev.jitgate.access.model.AccessEntity;
import java.util.List;

/**
 * The outcome of a commit.
 *
 * @param version the change-feed version of the commit; every stored entity now has this revision
 * @param stored the entities of the {@link Change.Put}s, in order, with their new revision
 */
public record CommitResult(long version, List<AccessEntity> stored) {
  public CommitResult {
    stored = List.copyOf(stored);
  }

  /** The i-th stored entity as {@code type}. */
  public <T extends AccessEntity> T stored(int i, Class<T> type) {
    return type.cast(stored.get(i));
  }
}
