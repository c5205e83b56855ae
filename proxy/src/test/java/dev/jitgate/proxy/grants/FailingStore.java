package dev.jitgate.proxy.grants;

import dev.jitgate.access.model.AccessEntity;
import dev.jitgate.access.model.AccessRequest;
import dev.jitgate.access.model.ApiToken;
import dev.jitgate.access.model.EntityKind;
import dev.jitgate.access.model.Grant;
import dev.jitgate.access.model.Resource;
import dev.jitgate.access.store.AccessStore;
import dev.jitgate.access.store.ChangeRecord;
import dev.jitgate.access.store.ChangeSet;
import dev.jitgate.access.store.CommitResult;
import dev.jitgate.access.store.GrantQuery;
import dev.jitgate.access.store.OutboxEntry;
import dev.jitgate.access.store.RequestQuery;
import dev.jitgate.access.store.StoreException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real store whose reads fail on demand, like a database that went away: {@link #failAll} fails every
 * read, {@link #failFinds} only {@code find} (so a change-feed batch fails halfway). Writes go to the real
 * store untouched; {@link #close()} does not close it.
 */
final class FailingStore implements AccessStore {
  private final AccessStore delegate;
  private volatile boolean failAll;
  private volatile boolean failFinds;
  final AtomicInteger failures = new AtomicInteger();

  FailingStore(AccessStore delegate) {
    this.delegate = delegate;
  }

  void failAll(boolean on) {
    failAll = on;
  }

  void failFinds(boolean on) {
    failFinds = on;
  }

  private void check(boolean find) {
    if (failAll || find && failFinds) {
      failures.incrementAndGet();
      throw new StoreException("access store: connection refused (simulated)");
    }
  }

  @Override
  public Optional<AccessEntity> find(EntityKind kind, String key) {
    check(true);
    return delegate.find(kind, key);
  }

  @Override
  public List<AccessEntity> list(EntityKind kind) {
    check(false);
    return delegate.list(kind);
  }

  @Override
  public List<AccessRequest> requests(RequestQuery query) {
    check(false);
    return delegate.requests(query);
  }

  @Override
  public List<Grant> grants(GrantQuery query) {
    check(false);
    return delegate.grants(query);
  }

  @Override
  public List<AccessRequest> pendingRequestsExpiringBy(java.time.Instant at, int limit) {
    check(false);
    return delegate.pendingRequestsExpiringBy(at, limit);
  }

  @Override
  public List<Grant> activeGrantsEndingBy(java.time.Instant at, int limit) {
    check(false);
    return delegate.activeGrantsEndingBy(at, limit);
  }

  @Override
  public Optional<ApiToken> tokenByHash(String hash) {
    check(false);
    return delegate.tokenByHash(hash);
  }

  @Override
  public List<Resource> resources(String integration) {
    check(false);
    return delegate.resources(integration);
  }

  @Override
  public CommitResult commit(ChangeSet changes) {
    return delegate.commit(changes);
  }

  @Override
  public long currentVersion() {
    check(false);
    return delegate.currentVersion();
  }

  @Override
  public List<ChangeRecord> changesSince(long version, int limit) {
    check(false);
    return delegate.changesSince(version, limit);
  }

  @Override
  public long awaitChange(long version, Duration timeout) throws InterruptedException {
    check(false);
    return delegate.awaitChange(version, timeout);
  }

  @Override
  public List<OutboxEntry> outbox(long afterSeq, int limit) {
    return delegate.outbox(afterSeq, limit);
  }

  @Override
  public void acknowledgeOutbox(long throughSeq) {
    delegate.acknowledgeOutbox(throughSeq);
  }

  @Override
  public void close() {
    // The test's world owns the real store.
  }
}
