package dev.jitgate.app.runtime;

import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A resource of one process shared by the roles that use it: the first {@link #acquire()} opens it, the last
 * {@link #release()} closes it. Thread-safe.
 *
 * @param <T> the resource
 */
final class SharedResource<T> {
  private final Supplier<T> opener;
  private final Consumer<T> closer;
  private T resource;
  private int users;

  SharedResource(Supplier<T> opener, Consumer<T> closer) {
    this.opener = Objects.requireNonNull(opener, "opener");
    this.closer = Objects.requireNonNull(closer, "closer");
  }

  /** The open resource, opened now if nobody holds it yet. Pair every call with one {@link #release()}. */
  synchronized T acquire() {
    if (resource == null) {
      resource = opener.get();
    }
    users++;
    return resource;
  }

  /** One holder is done; the last one closes the resource. Extra calls are ignored. */
  synchronized void release() {
    if (users == 0) {
      return;
    }
    users--;
    if (users == 0) {
      T open = resource;
      resource = null;
      closer.accept(open);
    }
  }

  /** How many holders there are now. */
  synchronized int users() {
    return users;
  }
}
