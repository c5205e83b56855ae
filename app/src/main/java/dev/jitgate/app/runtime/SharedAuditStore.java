package dev.jitgate.app.runtime;

import dev.jitgate.audit.event.AuditEventJson;
import dev.jitgate.auditor.store.AuditStore;
import dev.jitgate.auditor.store.SqliteAuditStore;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Function;

/**
 * The one audit store of a process, shared by the roles that use it (the auditor writes it, the admin API
 * searches it): opened by the first {@link #acquire()}, closed by the last {@link #release()}.
 */
public final class SharedAuditStore {

  private final Path path;
  private final Function<Path, AuditStore> opener;
  private AuditStore store;
  private int users;

  /** The SQLite audit store in {@code path}. */
  public SharedAuditStore(Path path) {
    this(path, p -> SqliteAuditStore.open(p, new AuditEventJson()));
  }

  SharedAuditStore(Path path, Function<Path, AuditStore> opener) {
    this.path = Objects.requireNonNull(path, "path");
    this.opener = Objects.requireNonNull(opener, "opener");
  }

  /** The store's file. */
  public Path path() {
    return path;
  }

  /** The store, opened when this is the first user. */
  public synchronized AuditStore acquire() {
    if (store == null) {
      store = opener.apply(path);
    }
    users++;
    return store;
  }

  /** Gives the store back; the last user closes it. Extra calls are ignored. */
  public synchronized void release() {
    if (users == 0) {
      return;
    }
    users--;
    if (users == 0) {
      AuditStore open = store;
      store = null;
      open.close();
    }
  }

  @Override
  public String toString() {
    return "SharedAuditStore[" + path + ", users=" + users + "]";
  }
}
