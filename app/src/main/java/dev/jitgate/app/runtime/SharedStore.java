package dev.jitgate.app.runtime;

import dev.jitgate.access.store.AccessStore;
import dev.jitgate.app.config.StoreConfig;
import java.util.Objects;
import java.util.function.Function;

/**
 * The control-plane store of one process, shared by the roles that need it: the first {@link #acquire()}
 * opens it, the last {@link #release()} closes it. So {@code jitgate proxy} and {@code jitgate admin} each
 * open and close their own, and {@code jitgate run} (both roles) opens one and closes it after both roles
 * stopped.
 */
public final class SharedStore {

  private final StoreConfig config;
  private final SharedResource<AccessStore> shared;

  /** A store opened with {@link AccessStores#open}. */
  public SharedStore(StoreConfig config) {
    this(config, AccessStores::open);
  }

  SharedStore(StoreConfig config, Function<StoreConfig, AccessStore> opener) {
    this.config = Objects.requireNonNull(config, "config");
    Objects.requireNonNull(opener, "opener");
    this.shared = new SharedResource<>(() -> opener.apply(this.config), AccessStore::close);
  }

  /** The store section this store comes from. */
  public StoreConfig config() {
    return config;
  }

  /** The open store, opened now if no role holds it yet. Pair every call with one {@link #release()}. */
  public AccessStore acquire() {
    return shared.acquire();
  }

  /** One holder is done with the store; the last one closes it. Extra calls are ignored. */
  public void release() {
    shared.release();
  }

  @Override
  public String toString() {
    return "SharedStore[" + AccessStores.describe(config) + ", users=" + shared.users() + "]";
  }
}
