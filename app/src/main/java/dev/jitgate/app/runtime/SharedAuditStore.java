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
  private final SharedResource<AuditStore> shared;

  /** The SQLite audit store in {@code path}. */
  public SharedAuditStore(Path path) {
    this(path, p -> SqliteAuditStore.open(p, new AuditEventJson()));
  }

  SharedAuditStore(Path path, Function<Path, AuditStore> opener) {
    this.path = Objects.requireNonNull(path, "path");
    Objects.requireNonNull(opener, "opener");
    this.shared = new SharedResource<>(() -> opener.apply(this.path), AuditStore::close);
  }

  /** The store's file. */
  public Path path() {
    return path;
  }

  /** The store, opened when this is the first user. */
  public AuditStore acquire() {
    return shared.acquire();
  }

  /** One holder is done with the store; the last one closes it. Extra calls are ignored. */
  public void release() {
    shared.release();
  }

  @Override
  public String toString() {
    return "SharedAuditStore[" + path + ", users=" + shared.users() + "]";
  }
}
