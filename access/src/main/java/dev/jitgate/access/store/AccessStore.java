package dev.jitgate.access.store;

import dev.jitgate.access.model.AccessEntity;
import dev.jitgate.access.model.AccessFlow;
import dev.jitgate.access.model.AccessRequest;
import dev.jitgate.access.model.ApiToken;
import dev.jitgate.access.model.EntityKind;
import dev.jitgate.access.model.Grant;
import dev.jitgate.access.model.GrantCredential;
import dev.jitgate.access.model.Integration;
import dev.jitgate.access.model.Principal;
import dev.jitgate.access.model.Resource;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The control plane's state: every {@link AccessEntity}, a monotonic change feed and the admin-event
 * outbox. Implementations: SQLite (embedded default, one file) and PostgreSQL (several replicas); both
 * pass the same contract suite. All methods are thread-safe.
 *
 * <p>Writes go through {@link #commit}: one transaction per {@link ChangeSet}, with optimistic
 * revision checks, a new change-feed version, and the set's admin events in the outbox. Versions
 * become visible in increasing order, so a reader that has seen version N and asks
 * {@link #changesSince(long, int) changesSince(N)} never misses a commit.
 */
public interface AccessStore extends AutoCloseable {

  /** The entity {@code kind/key}, if stored. */
  Optional<AccessEntity> find(EntityKind kind, String key);

  /** Every entity of {@code kind}, ordered by key. For the small kinds (integrations, flows, principals…). */
  List<AccessEntity> list(EntityKind kind);

  /** Requests matching {@code query}, newest first. */
  List<AccessRequest> requests(RequestQuery query);

  /** Grants matching {@code query}, newest first. */
  List<Grant> grants(GrantQuery query);

  /** Pending requests whose {@code expiresAt} is at or before {@code at}, soonest first, at most {@code limit}. */
  List<AccessRequest> pendingRequestsExpiringBy(java.time.Instant at, int limit);

  /** Active grants whose {@code endsAt} is at or before {@code at}, soonest first, at most {@code limit}. */
  List<Grant> activeGrantsEndingBy(java.time.Instant at, int limit);

  /** The API token whose hash is {@code hash} (lower-case hex SHA-256), if any. */
  Optional<ApiToken> tokenByHash(String hash);

  /** The resources of one integration, ordered by key. */
  List<Resource> resources(String integration);

  /**
   * Applies {@code changes} atomically: checks every revision, writes every entity with the new version
   * as its revision, appends change-feed records and the outbox events. On a revision mismatch nothing
   * is written and {@link StaleRevisionException} is thrown.
   */
  CommitResult commit(ChangeSet changes);

  /** The version of the last commit, 0 for an empty store. */
  long currentVersion();

  /**
   * Change-feed records with a version greater than {@code version}, oldest first, at most {@code limit}.
   * A commit's records are never split: when {@code limit} falls inside a commit, the result ends before
   * that commit, except that a first commit with more than {@code limit} records is returned whole. A
   * reader can therefore always continue from the version of the last record it got.
   */
  List<ChangeRecord> changesSince(long version, int limit);

  /**
   * Waits until the store's version exceeds {@code version} or {@code timeout} passes; returns the
   * current version. Wakes at once on commits in this process, and on PostgreSQL on commits anywhere
   * (LISTEN/NOTIFY); otherwise notices other processes' commits by polling within the timeout.
   */
  long awaitChange(long version, Duration timeout) throws InterruptedException;

  /** Outbox entries after {@code afterSeq}, oldest first, at most {@code limit}. */
  List<OutboxEntry> outbox(long afterSeq, int limit);

  /** Removes outbox entries up to and including {@code throughSeq}, once they are safely delivered. */
  void acknowledgeOutbox(long throughSeq);

  /** Closes connections and background listeners. */
  @Override
  void close();

  // Typed conveniences over find/list.

  default Optional<Integration> integration(String name) {
    return find(EntityKind.INTEGRATION, name).map(Integration.class::cast);
  }

  default List<Integration> integrations() {
    return list(EntityKind.INTEGRATION).stream().map(Integration.class::cast).toList();
  }

  default Optional<Resource> resource(String path) {
    return find(EntityKind.RESOURCE, path).map(Resource.class::cast);
  }

  default Optional<Principal> principal(String name) {
    return find(EntityKind.PRINCIPAL, name).map(Principal.class::cast);
  }

  default List<Principal> principals() {
    return list(EntityKind.PRINCIPAL).stream().map(Principal.class::cast).toList();
  }

  default Optional<AccessFlow> flow(String name) {
    return find(EntityKind.FLOW, name).map(AccessFlow.class::cast);
  }

  default List<AccessFlow> flows() {
    return list(EntityKind.FLOW).stream().map(AccessFlow.class::cast).toList();
  }

  default Optional<AccessRequest> request(String id) {
    return find(EntityKind.REQUEST, id).map(AccessRequest.class::cast);
  }

  default Optional<Grant> grant(String id) {
    return find(EntityKind.GRANT, id).map(Grant.class::cast);
  }

  default Optional<GrantCredential> credential(String grantId) {
    return find(EntityKind.CREDENTIAL, grantId).map(GrantCredential.class::cast);
  }
}
