package dev.jitgate.access.store;

import static dev.jitgate.access.testing.AccessFixtures.at;
import static dev.jitgate.access.testing.AccessFixtures.event;
import static dev.jitgate.access.testing.AccessFixtures.newId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.jitgate.access.model.AccessEntity;
import dev.jitgate.access.model.AccessRequest;
import dev.jitgate.access.model.AdminEvent;
import dev.jitgate.access.model.ApiToken;
import dev.jitgate.access.model.Decision;
import dev.jitgate.access.model.EndReason;
import dev.jitgate.access.model.EntityKind;
import dev.jitgate.access.model.Grant;
import dev.jitgate.access.model.GrantState;
import dev.jitgate.access.model.Integration;
import dev.jitgate.access.model.Principal;
import dev.jitgate.access.model.RequestState;
import dev.jitgate.access.model.Resource;
import dev.jitgate.access.testing.AccessFixtures;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link AccessStore} shares. A subclass says how to get fresh storage and how to
 * open a store on it; each test starts from an empty store in {@link #store}.
 */
public abstract class AccessStoreContract {
  /** The store under test, opened on fresh storage before each test. */
  protected AccessStore store;
  private final List<AccessStore> opened = Collections.synchronizedList(new ArrayList<>());

  /** Points the following {@link #openStore()} calls at fresh, empty storage. */
  protected abstract void useFreshStorage() throws Exception;

  /** Opens a new store instance on the current storage (a second instance is like another process). */
  protected abstract AccessStore openStore();

  /** Opens a store that is closed after the test. */
  protected final AccessStore open() {
    AccessStore s = openStore();
    opened.add(s);
    return s;
  }

  @BeforeEach
  final void openFreshStore() throws Exception {
    useFreshStorage();
    store = open();
  }

  @AfterEach
  final void closeStores() {
    synchronized (opened) {
      opened.forEach(AccessStore::close);
    }
  }

  // ---- helpers

  protected static ChangeSet put(AccessEntity... entities) {
    ChangeSet.Builder b = ChangeSet.builder();
    for (AccessEntity e : entities) {
      b.put(e);
    }
    return b.build();
  }

  private static List<ChangeRecord> drain(AccessStore s, long after) {
    return s.changesSince(after, 1000);
  }

  // ---- basics and round trips

  @Test
  void anEmptyStoreHasVersionZeroAndNoData() {
    assertThat(store.currentVersion()).isZero();
    for (EntityKind kind : EntityKind.values()) {
      assertThat(store.list(kind)).as(kind.wireName()).isEmpty();
      assertThat(store.find(kind, "missing")).isEmpty();
    }
    assertThat(store.changesSince(0, 10)).isEmpty();
    assertThat(store.outbox(0, 10)).isEmpty();
    assertThat(store.requests(RequestQuery.all())).isEmpty();
    assertThat(store.grants(GrantQuery.all())).isEmpty();
  }

  @Test
  void everyKindRoundTripsThroughCommitFindAndList() {
    List<AccessEntity> all = new ArrayList<>(AccessFixtures.oneOfEachKind());
    all.addAll(AccessFixtures.variants());
    assertThat(all.stream().map(AccessEntity::entityKind).distinct()).hasSize(EntityKind.values().length);
    for (AccessEntity entity : all) {
      CommitResult result = store.commit(put(entity));
      AccessEntity expected = entity.withRevision(result.version());
      assertThat(result.stored()).containsExactly(expected);
      assertThat(store.find(entity.entityKind(), entity.key())).contains(expected);
      assertThat(store.list(entity.entityKind())).contains(expected);
    }
    for (EntityKind kind : EntityKind.values()) {
      assertThat(store.list(kind)).hasSize((int) all.stream().filter(e -> e.entityKind() == kind).count());
    }
  }

  @Test
  void typedConveniencesReadWhatWasCommitted() {
    List<AccessEntity> one = AccessFixtures.oneOfEachKind();
    CommitResult result = store.commit(put(one.toArray(AccessEntity[]::new)));
    assertThat(result.stored()).hasSize(one.size());
    assertThat(result.stored()).allSatisfy(e -> assertThat(e.revision()).isEqualTo(result.version()));
    assertThat(store.integration("prod")).contains(result.stored(0, Integration.class));
    assertThat(store.integrations()).hasSize(1);
    assertThat(store.resource("prod/orders")).contains(result.stored(1, Resource.class));
    assertThat(store.principal("alice")).contains(result.stored(2, Principal.class));
    assertThat(store.principals()).hasSize(1);
    assertThat(store.flow("prod-read")).isPresent();
    assertThat(store.flows()).hasSize(1);
    assertThat(store.request(one.get(4).key())).contains(result.stored(4, AccessRequest.class));
    assertThat(store.grant(one.get(5).key())).contains(result.stored(5, Grant.class));
    assertThat(store.credential(one.get(6).key())).isPresent();
  }

  @Test
  void listIsOrderedByKey() {
    List<String> names = List.of("mallory", "alice", "Zed", "bob", "alice2", "émile");
    for (String name : names) {
      store.commit(put(AccessFixtures.user(name)));
    }
    assertThat(store.list(EntityKind.PRINCIPAL)).extracting(AccessEntity::key)
        .containsExactly("Zed", "alice", "alice2", "bob", "mallory", "émile");
  }

  @Test
  void resourcesAreListedPerIntegrationOrderedByKey() {
    store.commit(put(AccessFixtures.resource("prod", "orders"),
        AccessFixtures.tableResource("prod", "orders", "public", "customers"),
        AccessFixtures.resource("prod", "billing"),
        AccessFixtures.resource("staging", "orders")));
    assertThat(store.resources("prod")).extracting(Resource::key)
        .containsExactly("prod/billing", "prod/orders", "prod/orders/public/customers");
    assertThat(store.resources("staging")).extracting(Resource::key).containsExactly("staging/orders");
    assertThat(store.resources("none")).isEmpty();
  }

  // ---- optimistic concurrency

  @Test
  void anUpdateWithTheReadRevisionGetsTheNewVersion() {
    Principal alice = store.commit(put(AccessFixtures.user("alice"))).stored(0, Principal.class);
    Principal renamed = new Principal("alice", alice.kind(), "Alice Liddell", alice.email(), List.of("dba"),
        alice.roles(), alice.source(), alice.revision());
    CommitResult second = store.commit(put(renamed));
    assertThat(second.version()).isEqualTo(alice.revision() + 1);
    assertThat(store.principal("alice")).contains(renamed.withRevision(second.version()));
  }

  @Test
  void insertingAnExistingKeyIsStale() {
    Principal alice = AccessFixtures.user("alice");
    long version = store.commit(put(alice)).version();
    assertThatThrownBy(() -> store.commit(put(alice)))
        .isInstanceOfSatisfying(StaleRevisionException.class, e -> {
          assertThat(e.kind()).isEqualTo(EntityKind.PRINCIPAL);
          assertThat(e.key()).isEqualTo("alice");
          assertThat(e.expected()).isZero();
          assertThat(e.actual()).isEqualTo(version);
        });
    assertThat(store.currentVersion()).isEqualTo(version);
  }

  @Test
  void anUpdateFromAnOldRevisionIsStale() {
    Principal first = store.commit(put(AccessFixtures.user("alice"))).stored(0, Principal.class);
    Principal second = store.commit(put(first)).stored(0, Principal.class);
    assertThatThrownBy(() -> store.commit(put(first)))
        .isInstanceOfSatisfying(StaleRevisionException.class, e -> {
          assertThat(e.expected()).isEqualTo(first.revision());
          assertThat(e.actual()).isEqualTo(second.revision());
        });
    assertThat(store.principal("alice")).contains(second);
  }

  @Test
  void anUpdateOfAMissingEntityIsStale() {
    assertThatThrownBy(() -> store.commit(put(AccessFixtures.user("ghost").withRevision(5))))
        .isInstanceOfSatisfying(StaleRevisionException.class, e -> {
          assertThat(e.expected()).isEqualTo(5);
          assertThat(e.actual()).isZero();
        });
    assertThat(store.principal("ghost")).isEmpty();
  }

  @Test
  void aDeleteRemovesTheEntityAndIsRecordedInTheFeed() {
    Principal alice = store.commit(put(AccessFixtures.user("alice"))).stored(0, Principal.class);
    CommitResult deleted = store.commit(ChangeSet.builder().delete(alice).build());
    assertThat(deleted.stored()).isEmpty();
    assertThat(store.principal("alice")).isEmpty();
    assertThat(store.changesSince(alice.revision(), 10))
        .containsExactly(new ChangeRecord(deleted.version(), EntityKind.PRINCIPAL, "alice", ChangeOp.DELETE));
    // The key is free again: an insert starts from revision 0.
    assertThat(store.commit(put(AccessFixtures.user("alice"))).version()).isEqualTo(deleted.version() + 1);
  }

  @Test
  void deletingAMissingEntityOrAnOldRevisionIsStale() {
    Principal alice = store.commit(put(AccessFixtures.user("alice"))).stored(0, Principal.class);
    assertThatThrownBy(() -> store.commit(new ChangeSet(
        List.of(new Change.Delete(EntityKind.PRINCIPAL, "nobody", 0)), List.of())))
        .isInstanceOfSatisfying(StaleRevisionException.class, e -> assertThat(e.actual()).isZero());
    assertThatThrownBy(() -> store.commit(new ChangeSet(
        List.of(new Change.Delete(EntityKind.PRINCIPAL, "alice", alice.revision() + 7)), List.of())))
        .isInstanceOfSatisfying(StaleRevisionException.class,
            e -> assertThat(e.actual()).isEqualTo(alice.revision()));
    assertThat(store.principal("alice")).contains(alice);
  }

  @Test
  void aChangeSetThatFailsMidwayWritesNothing() {
    ApiToken token = store.commit(ChangeSet.builder()
        .put(AccessFixtures.token(newId(), "alice", "secret-1"))
        .event(event("api_token.create", "api_token", "t1"))
        .build()).stored(0, ApiToken.class);
    long version = store.currentVersion();
    List<OutboxEntry> outboxBefore = store.outbox(0, 100);

    ChangeSet failing = ChangeSet.builder()
        .put(AccessFixtures.user("bob"))
        .put(AccessFixtures.integration("staging"))
        .put(token.withRevision(0))
        .put(AccessFixtures.group("dba"))
        .event(event("principal.create", "principal", "bob"))
        .event(event("integration.create", "integration", "staging"))
        .build();
    assertThatThrownBy(() -> store.commit(failing)).isInstanceOf(StaleRevisionException.class);

    assertThat(store.principal("bob")).isEmpty();
    assertThat(store.principal("dba")).isEmpty();
    assertThat(store.integration("staging")).isEmpty();
    assertThat(store.currentVersion()).isEqualTo(version);
    assertThat(store.changesSince(version, 100)).isEmpty();
    assertThat(store.outbox(0, 100)).isEqualTo(outboxBefore);
    // The failed commit used up no version.
    assertThat(store.commit(put(AccessFixtures.user("bob"))).version()).isEqualTo(version + 1);
  }

  @Test
  void concurrentReadModifyWriteLosesNoUpdate() throws Exception {
    store.commit(put(AccessFixtures.user("counter")));
    int threads = 4;
    int increments = 15;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Integer>> conflicts = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        conflicts.add(pool.submit(() -> {
          int stale = 0;
          for (int i = 0; i < increments; i++) {
            while (true) {
              Principal p = store.principal("counter").orElseThrow();
              int n = p.displayName().startsWith("n=") ? Integer.parseInt(p.displayName().substring(2)) : 0;
              Principal next = new Principal(p.name(), p.kind(), "n=" + (n + 1), p.email(), p.groups(), p.roles(),
                  p.source(), p.revision());
              try {
                store.commit(put(next));
                break;
              } catch (StaleRevisionException e) {
                stale++;
              }
            }
          }
          return stale;
        }));
      }
      for (Future<Integer> f : conflicts) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(store.principal("counter").orElseThrow().displayName()).isEqualTo("n=" + threads * increments);
    assertThat(store.currentVersion()).isEqualTo(1 + threads * increments);
  }

  // ---- change feed

  @Test
  void theFeedListsEveryWriteOfEveryCommitInOrder() {
    CommitResult first = store.commit(put(AccessFixtures.integration("prod"),
        AccessFixtures.resource("prod", "orders"), AccessFixtures.user("alice")));
    Principal alice = first.stored(2, Principal.class);
    CommitResult second = store.commit(ChangeSet.builder().delete(alice).put(AccessFixtures.group("dba")).build());
    assertThat(first.version()).isEqualTo(1);
    assertThat(second.version()).isEqualTo(2);
    assertThat(store.currentVersion()).isEqualTo(2);
    assertThat(drain(store, 0)).containsExactly(
        new ChangeRecord(1, EntityKind.INTEGRATION, "prod", ChangeOp.PUT),
        new ChangeRecord(1, EntityKind.RESOURCE, "prod/orders", ChangeOp.PUT),
        new ChangeRecord(1, EntityKind.PRINCIPAL, "alice", ChangeOp.PUT),
        new ChangeRecord(2, EntityKind.PRINCIPAL, "alice", ChangeOp.DELETE),
        new ChangeRecord(2, EntityKind.PRINCIPAL, "dba", ChangeOp.PUT));
    assertThat(drain(store, 1)).extracting(ChangeRecord::version).containsExactly(2L, 2L);
    assertThat(drain(store, 2)).isEmpty();
  }

  @Test
  void theFeedNeverSplitsACommit() {
    store.commit(put(AccessFixtures.user("a1"), AccessFixtures.user("a2"), AccessFixtures.user("a3")));
    store.commit(put(AccessFixtures.user("b1"), AccessFixtures.user("b2")));
    store.commit(put(AccessFixtures.user("c1")));
    assertThat(store.changesSince(0, 2)).extracting(ChangeRecord::key).containsExactly("a1", "a2", "a3");
    assertThat(store.changesSince(0, 3)).extracting(ChangeRecord::key).containsExactly("a1", "a2", "a3");
    assertThat(store.changesSince(0, 4)).extracting(ChangeRecord::key).containsExactly("a1", "a2", "a3");
    assertThat(store.changesSince(0, 5)).extracting(ChangeRecord::key)
        .containsExactly("a1", "a2", "a3", "b1", "b2");
    assertThat(store.changesSince(1, 1)).extracting(ChangeRecord::key).containsExactly("b1", "b2");
    assertThat(store.changesSince(0, 100)).hasSize(6);
    assertThatThrownBy(() -> store.changesSince(0, 0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void concurrentCommittersProduceAGaplessFeedThatAFollowerSeesCompletelyInOrder() throws Exception {
    int threads = 4;
    int commitsPerThread = 50;
    long target = (long) threads * commitsPerThread;
    Map<Long, List<String>> committed = new ConcurrentHashMap<>();
    ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
    CountDownLatch start = new CountDownLatch(1);
    try {
      Future<List<ChangeRecord>> follower = pool.submit(() -> follow(store, target, Duration.ofSeconds(90)));
      List<Future<?>> writers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        writers.add(pool.submit(() -> {
          start.await();
          for (int i = 0; i < commitsPerThread; i++) {
            // 1 to 4 writes per commit: the follower's pages of 3 fall inside commits.
            ChangeSet.Builder b = ChangeSet.builder();
            for (int k = 0; k <= i % 4; k++) {
              b.put(AccessFixtures.user("u" + thread + "-" + i + "-" + k));
            }
            CommitResult r = store.commit(b.build());
            committed.put(r.version(), r.stored().stream().map(AccessEntity::key).toList());
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> w : writers) {
        w.get(90, TimeUnit.SECONDS);
      }
      assertThat(new TreeMap<>(committed).keySet())
          .containsExactlyElementsOf(LongStream.rangeClosed(1, target).boxed().toList());

      List<ChangeRecord> seen = follower.get(90, TimeUnit.SECONDS);
      Map<Long, List<String>> seenByVersion = new TreeMap<>();
      long previous = 0;
      for (ChangeRecord r : seen) {
        assertThat(r.version()).isGreaterThanOrEqualTo(previous);
        previous = r.version();
        seenByVersion.computeIfAbsent(r.version(), v -> new ArrayList<>()).add(r.key());
      }
      assertThat(seenByVersion).isEqualTo(new TreeMap<>(committed));
    } finally {
      pool.shutdownNow();
    }
  }

  /** Follows the feed with small pages and awaitChange until {@code target} is seen. */
  private static List<ChangeRecord> follow(AccessStore s, long target, Duration patience)
      throws InterruptedException {
    long deadline = System.nanoTime() + patience.toNanos();
    List<ChangeRecord> seen = new ArrayList<>();
    long last = 0;
    while (last < target && System.nanoTime() < deadline) {
      List<ChangeRecord> page = s.changesSince(last, 3);
      if (page.isEmpty()) {
        s.awaitChange(last, Duration.ofSeconds(1));
        continue;
      }
      seen.addAll(page);
      last = page.getLast().version();
    }
    return seen;
  }

  // ---- waiting for changes

  @Test
  void awaitChangeWakesOnACommit() throws Exception {
    long version = store.currentVersion();
    CompletableFuture<Long> woken = new CompletableFuture<>();
    Thread waiter = Thread.ofPlatform().start(() -> {
      try {
        woken.complete(store.awaitChange(version, Duration.ofSeconds(30)));
      } catch (Throwable e) {
        woken.completeExceptionally(e);
      }
    });
    await().atMost(Duration.ofSeconds(5)).until(() -> waiter.getState() == Thread.State.TIMED_WAITING);
    long committed = store.commit(put(AccessFixtures.user("alice"))).version();
    await().atMost(Duration.ofSeconds(2)).until(woken::isDone);
    assertThat(woken.get()).isEqualTo(committed);
  }

  @Test
  void awaitChangeReturnsAtOnceWhenTheStoreIsAlreadyNewer() throws Exception {
    long committed = store.commit(put(AccessFixtures.user("alice"))).version();
    CompletableFuture<Long> result = CompletableFuture.supplyAsync(() -> {
      try {
        return store.awaitChange(committed - 1, Duration.ofMinutes(5));
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
    assertThat(result.get(10, TimeUnit.SECONDS)).isEqualTo(committed);
  }

  @Test
  void awaitChangeTimesOutWithTheCurrentVersion() throws Exception {
    long committed = store.commit(put(AccessFixtures.user("alice"))).version();
    Duration timeout = Duration.ofMillis(300);
    long started = System.nanoTime();
    assertThat(store.awaitChange(committed, timeout)).isEqualTo(committed);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(timeout);
  }

  @Test
  void aSecondInstanceSeesCommitsAndIsWokenByThem() throws Exception {
    AccessStore other = open();
    long version = other.currentVersion();
    CompletableFuture<Long> woken = CompletableFuture.supplyAsync(() -> {
      try {
        return other.awaitChange(version, Duration.ofSeconds(30));
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
    Principal alice = store.commit(put(AccessFixtures.user("alice"))).stored(0, Principal.class);
    assertThat(woken.get(5, TimeUnit.SECONDS)).isEqualTo(alice.revision());
    assertThat(other.principal("alice")).contains(alice);
    // And the other way round, with revision checks across instances.
    Principal updated = other.commit(put(alice)).stored(0, Principal.class);
    assertThatThrownBy(() -> store.commit(put(alice))).isInstanceOf(StaleRevisionException.class);
    assertThat(store.principal("alice")).contains(updated);
  }

  // ---- outbox

  @Test
  void theOutboxIsWrittenWithTheCommitAndDrainedByAcknowledgement() {
    AdminEvent e1 = event("integration.create", "integration", "prod");
    AdminEvent e2 = event("resource.put", "resource", "prod/orders");
    AdminEvent e3 = event("principal.create", "principal", "alice");
    store.commit(ChangeSet.builder().put(AccessFixtures.integration("prod"))
        .put(AccessFixtures.resource("prod", "orders")).event(e1).event(e2).build());
    store.commit(put(AccessFixtures.user("bob")));
    store.commit(ChangeSet.builder().put(AccessFixtures.user("alice")).event(e3).build());

    List<OutboxEntry> entries = store.outbox(0, 10);
    assertThat(entries).extracting(OutboxEntry::event).containsExactly(e1, e2, e3);
    assertThat(entries).extracting(OutboxEntry::seq).isSorted().doesNotHaveDuplicates();
    assertThat(store.outbox(0, 2)).extracting(OutboxEntry::event).containsExactly(e1, e2);
    assertThat(store.outbox(entries.get(0).seq(), 10)).extracting(OutboxEntry::event).containsExactly(e2, e3);

    store.acknowledgeOutbox(entries.get(1).seq());
    assertThat(store.outbox(0, 10)).containsExactly(entries.get(2));
    store.acknowledgeOutbox(entries.get(2).seq());
    assertThat(store.outbox(0, 10)).isEmpty();

    AdminEvent e4 = event("principal.delete", "principal", "bob");
    store.commit(ChangeSet.builder().put(AccessFixtures.group("dba")).event(e4).build());
    List<OutboxEntry> after = store.outbox(0, 10);
    assertThat(after).extracting(OutboxEntry::event).containsExactly(e4);
    assertThat(after.getFirst().seq()).isGreaterThan(entries.get(2).seq());
  }

  // ---- queries

  @Test
  void requestsFilterByStateAndRequesterNewestFirstWithinTheLimit() {
    AccessRequest carolExpired = AccessFixtures.request("r0", "carol", RequestState.EXPIRED, at(0));
    AccessRequest alicePending1 = AccessFixtures.request("r1", "alice", RequestState.PENDING, at(1));
    AccessRequest aliceApproved = AccessFixtures.request("r2", "alice", RequestState.APPROVED, at(2));
    AccessRequest bobPending = AccessFixtures.request("r3", "bob", RequestState.PENDING, at(3));
    AccessRequest bobDenied = AccessFixtures.request("r4", "bob", RequestState.DENIED, at(4));
    AccessRequest alicePending2 = AccessFixtures.request("r5", "alice", RequestState.PENDING, at(5));
    // Same creation time as r5: the key breaks the tie, newest (greatest) first.
    AccessRequest aliceCancelled = AccessFixtures.request("r6", "alice", RequestState.CANCELLED, at(5));
    store.commit(put(alicePending1, bobDenied, carolExpired, alicePending2, aliceApproved));
    store.commit(put(bobPending, aliceCancelled));

    assertThat(keys(store.requests(RequestQuery.all()))).containsExactly("r6", "r5", "r4", "r3", "r2", "r1", "r0");
    assertThat(keys(store.requests(new RequestQuery(RequestState.PENDING, null, 100))))
        .containsExactly("r5", "r3", "r1");
    assertThat(keys(store.requests(new RequestQuery(null, "alice", 100)))).containsExactly("r6", "r5", "r2", "r1");
    assertThat(keys(store.requests(new RequestQuery(RequestState.PENDING, "alice", 100))))
        .containsExactly("r5", "r1");
    assertThat(keys(store.requests(new RequestQuery(null, null, 2)))).containsExactly("r6", "r5");
    assertThat(keys(store.requests(new RequestQuery(RequestState.PENDING, "nobody", 100)))).isEmpty();

    // Index columns follow updates.
    AccessRequest stored = store.request("r1").orElseThrow();
    store.commit(put(stored.decided(RequestState.DENIED,
        new Decision("olga", at(9), "no"), "")));
    assertThat(keys(store.requests(new RequestQuery(RequestState.PENDING, "alice", 100)))).containsExactly("r5");
    assertThat(keys(store.requests(new RequestQuery(RequestState.DENIED, null, 100)))).containsExactly("r4", "r1");
  }

  @Test
  void grantsFilterByPrincipalStateIntegrationAndDatabaseNewestFirst() {
    Grant g1 = AccessFixtures.grant("g1", "alice", "prod", "orders", GrantState.ACTIVE, at(1));
    Grant g2 = AccessFixtures.grant("g2", "alice", "prod", "billing", GrantState.ACTIVE, at(2));
    Grant g3 = AccessFixtures.grant("g3", "bob", "prod", "orders", GrantState.ACTIVE, at(3));
    Grant g4 = AccessFixtures.grant("g4", "alice", "staging", "orders", GrantState.ENDED, at(4));
    Grant g5 = AccessFixtures.grant("g5", "alice", "prod", "orders", GrantState.REVOKED, at(5));
    store.commit(put(g3, g1, g5, g2, g4));

    assertThat(keys(store.grants(GrantQuery.all()))).containsExactly("g5", "g4", "g3", "g2", "g1");
    assertThat(keys(store.grants(GrantQuery.activeOf("alice")))).containsExactly("g2", "g1");
    assertThat(keys(store.grants(new GrantQuery("alice", null, null, null, 100))))
        .containsExactly("g5", "g4", "g2", "g1");
    assertThat(keys(store.grants(new GrantQuery(null, null, "prod", "orders", 100))))
        .containsExactly("g5", "g3", "g1");
    assertThat(keys(store.grants(new GrantQuery(null, GrantState.ACTIVE, "prod", null, 100))))
        .containsExactly("g3", "g2", "g1");
    assertThat(keys(store.grants(new GrantQuery("alice", GrantState.ACTIVE, "prod", "orders", 100))))
        .containsExactly("g1");
    assertThat(keys(store.grants(new GrantQuery(null, null, null, null, 3)))).containsExactly("g5", "g4", "g3");

    Grant stored = store.grant("g1").orElseThrow();
    store.commit(put(stored.ended(GrantState.REVOKED, at(10), "olga", EndReason.REVOKED, "")));
    assertThat(keys(store.grants(GrantQuery.activeOf("alice")))).containsExactly("g2");
  }

  @Test
  void tokensAreFoundByTheirHashOnly() {
    ApiToken a = AccessFixtures.token("t-a", "alice", "jgt_alice");
    ApiToken b = AccessFixtures.token("t-b", "bob", "jgt_bob");
    CommitResult r = store.commit(put(a, b));
    assertThat(store.tokenByHash(AccessFixtures.sha256Hex("jgt_alice"))).contains(a.withRevision(r.version()));
    assertThat(store.tokenByHash(AccessFixtures.sha256Hex("jgt_bob"))).contains(b.withRevision(r.version()));
    assertThat(store.tokenByHash(AccessFixtures.sha256Hex("jgt_mallory"))).isEmpty();
    assertThat(store.tokenByHash("")).isEmpty();

    ApiToken revoked = new ApiToken(a.id(), a.principal(), a.name(), a.hash(), a.createdAt(), a.expiresAt(), true,
        r.version());
    long v2 = store.commit(put(revoked)).version();
    assertThat(store.tokenByHash(a.hash())).contains(revoked.withRevision(v2));
    store.commit(ChangeSet.builder().delete(revoked.withRevision(v2)).build());
    assertThat(store.tokenByHash(a.hash())).isEmpty();
  }

  @Test
  void aSecondTokenWithTheSameHashIsRejected() {
    store.commit(put(AccessFixtures.token("t-a", "alice", "same")));
    assertThatThrownBy(() -> store.commit(put(AccessFixtures.token("t-b", "bob", "same"))))
        .isInstanceOf(StoreException.class)
        .isNotInstanceOf(StaleRevisionException.class)
        .hasMessageContaining("commit failed")
        .hasMessageNotContaining(AccessFixtures.sha256Hex("same"));
    assertThat(store.find(EntityKind.TOKEN, "t-b")).isEmpty();
    assertThat(store.currentVersion()).isEqualTo(1);
  }

  @Test
  void principalNamesWithQuotesAndUnicodeSurvive() {
    List<String> names = List.of("O'Brien", "bob \"the\" builder", "名前", "zoë 😀", "x'); DROP TABLE principals; --",
        "back\\slash", "%_wild_%");
    for (String name : names) {
      store.commit(ChangeSet.builder()
          .put(AccessFixtures.user(name))
          .put(AccessFixtures.request("req-" + name, name, RequestState.PENDING, at(1)))
          .put(AccessFixtures.grant("grant-" + name, name, GrantState.ACTIVE, at(1)))
          .put(AccessFixtures.token("tok-" + name, name, "jgt_" + name))
          .event(event("principal.create", "principal", name))
          .build());
    }
    for (String name : names) {
      assertThat(store.principal(name)).map(Principal::name).contains(name);
      assertThat(store.requests(new RequestQuery(null, name, 10))).extracting(AccessRequest::requester)
          .containsExactly(name);
      assertThat(store.grants(GrantQuery.activeOf(name))).extracting(Grant::principal).containsExactly(name);
      assertThat(store.tokenByHash(AccessFixtures.sha256Hex("jgt_" + name))).map(ApiToken::principal)
          .contains(name);
    }
    assertThat(store.list(EntityKind.PRINCIPAL)).extracting(AccessEntity::key)
        .containsExactlyInAnyOrderElementsOf(names);
    assertThat(store.changesSince(0, 1000)).filteredOn(r -> r.kind() == EntityKind.PRINCIPAL)
        .extracting(ChangeRecord::key).containsExactlyElementsOf(names);
    assertThat(store.outbox(0, 100)).extracting(e -> e.event().targetId()).containsExactlyElementsOf(names);
    assertThat(store.principal("O'Brien' OR '1'='1")).isEmpty();
  }

  // ---- lifecycle

  @Test
  void reopeningKeepsEverythingAndContinuesTheVersions() {
    List<AccessEntity> one = AccessFixtures.oneOfEachKind();
    AdminEvent created = event("integration.create", "integration", "prod");
    CommitResult result = store.commit(ChangeSet.builder().put(one.get(0)).event(created).build());
    CommitResult rest = store.commit(put(one.subList(1, one.size()).toArray(AccessEntity[]::new)));
    List<ChangeRecord> feed = drain(store, 0);
    store.close();

    AccessStore reopened = open();
    assertThat(reopened.currentVersion()).isEqualTo(rest.version());
    assertThat(reopened.find(EntityKind.INTEGRATION, "prod")).contains(result.stored().getFirst());
    for (AccessEntity stored : rest.stored()) {
      assertThat(reopened.find(stored.entityKind(), stored.key())).contains(stored);
    }
    assertThat(drain(reopened, 0)).isEqualTo(feed);
    assertThat(reopened.outbox(0, 10)).extracting(OutboxEntry::event).containsExactly(created);
    assertThat(reopened.commit(put(AccessFixtures.user("bob"))).version()).isEqualTo(rest.version() + 1);
    reopened.close();

    AccessStore third = open();
    assertThat(third.currentVersion()).isEqualTo(rest.version() + 1);
  }

  @Test
  void aClosedStoreRefusesWork() {
    store.commit(put(AccessFixtures.user("alice")));
    store.close();
    store.close();
    assertThatThrownBy(() -> store.principal("alice")).isInstanceOf(StoreException.class).hasMessageContaining("closed");
    assertThatThrownBy(() -> store.commit(put(AccessFixtures.user("bob")))).isInstanceOf(StoreException.class);
    assertThatThrownBy(() -> store.awaitChange(0, Duration.ofSeconds(1))).isInstanceOf(StoreException.class);
  }

  private static List<String> keys(List<? extends AccessEntity> entities) {
    return entities.stream().map(AccessEntity::key).toList();
  }

  @Test
  void dueQueriesReturnOnlyPendingOrActiveEntitiesPastTheirTimeSoonestFirst() {
    // Requests expire 12 h after creation, grants end 2 h after they start.
    store.commit(put(
        AccessFixtures.request("q1", "alice", RequestState.PENDING, at(10)),
        AccessFixtures.request("q2", "bob", RequestState.PENDING, at(0)),
        AccessFixtures.request("q3", "carol", RequestState.DENIED, at(0)),
        AccessFixtures.request("q4", "dave", RequestState.PENDING, at(60)),
        AccessFixtures.grant("g1", "alice", GrantState.ACTIVE, at(10)),
        AccessFixtures.grant("g2", "bob", GrantState.ACTIVE, at(0)),
        AccessFixtures.grant("g3", "carol", GrantState.ENDED, at(0)),
        AccessFixtures.grant("g4", "dave", GrantState.ACTIVE, at(60))));

    java.time.Instant twelveHoursTen = at(12 * 60 + 10);
    assertThat(keys(store.pendingRequestsExpiringBy(twelveHoursTen, 100))).containsExactly("q2", "q1");
    assertThat(keys(store.pendingRequestsExpiringBy(twelveHoursTen, 1))).containsExactly("q2");
    assertThat(store.pendingRequestsExpiringBy(at(12 * 60 - 1), 100)).isEmpty();

    java.time.Instant twoHoursTen = at(130);
    assertThat(keys(store.activeGrantsEndingBy(twoHoursTen, 100))).containsExactly("g2", "g1");
    assertThat(keys(store.activeGrantsEndingBy(twoHoursTen, 1))).containsExactly("g2");
    assertThat(store.activeGrantsEndingBy(at(119), 100)).isEmpty();
  }

}
