package dev.jitgate.proxy.jit;

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
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A real store whose change feed is slow, like a control-plane database far away or busy: every
 * {@link #awaitChange} first sleeps for {@code lag}, so a proxy following it learns of a commit up to that much
 * later. Everything else goes straight to the delegate; {@link #close()} does not close it.
 */
final class LaggingFeedStore implements AccessStore {
  private final AccessStore delegate;
  private final Duration lag;

  LaggingFeedStore(AccessStore delegate, Duration lag) {
    this.delegate = delegate;
    this.lag = lag;
  }

  @Override
  public long awaitChange(long version, Duration timeout) throws InterruptedException {
    Thread.sleep(lag);
    return delegate.awaitChange(version, Duration.ZERO);
  }

  @Override
  public Optional<AccessEntity> find(EntityKind kind, String key) {
    return delegate.find(kind, key);
  }

  @Override
  public List<AccessEntity> list(EntityKind kind) {
    return delegate.list(kind);
  }

  @Override
  public List<AccessRequest> requests(RequestQuery query) {
    return delegate.requests(query);
  }

  @Override
  public List<Grant> grants(GrantQuery query) {
    return delegate.grants(query);
  }

  @Override
  public List<AccessRequest> pendingRequestsExpiringBy(Instant at, int limit) {
    return delegate.pendingRequestsExpiringBy(at, limit);
  }

  @Override
  public List<Grant> activeGrantsEndingBy(Instant at, int limit) {
    return delegate.activeGrantsEndingBy(at, limit);
  }

  @Override
  public Optional<ApiToken> tokenByHash(String hash) {
    return delegate.tokenByHash(hash);
  }

  @Override
  public List<Resource> resources(String integration) {
    return delegate.resources(integration);
  }

  @Override
  public CommitResult commit(ChangeSet changes) {
    return delegate.commit(changes);
  }

  @Override
  public long currentVersion() {
    return delegate.currentVersion();
  }

  @Override
  public List<ChangeRecord> changesSince(long version, int limit) {
    return delegate.changesSince(version, limit);
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
    // The delegate belongs to the caller.
  }
}
