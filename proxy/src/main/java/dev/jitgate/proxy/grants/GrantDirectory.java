package dev.jitgate.proxy.grants;

import dev.jitgate.access.model.EndReason;
import dev.jitgate.access.model.Grant;
import dev.jitgate.access.model.GrantCredential;
import dev.jitgate.access.model.GrantState;
import dev.jitgate.access.store.AccessStore;
import dev.jitgate.access.store.ChangeRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The proxy's cached view of grants and grant credentials, kept current from the access store's change
 * feed.
 *
 * <pre>
 *   follower thread:  load ─▶ awaitChange(v, 1s) ─▶ changesSince(v, 500) ─▶ find() each changed
 *                       ▲                                                  grant/credential/principal
 *                       └──────── publish snapshot (volatile), sync end timers, report ends ◀┘
 *   end timers (scheduler): at a grant's endsAt ─▶ report EXPIRED (even before the sweep ends it)
 *   event loops:       snapshot() / credentialFor() / activeGrants()  — never block, never lock
 * </pre>
 *
 * <p>Store errors are logged (type and message, never entity contents) and retried with exponential backoff;
 * meanwhile the last snapshot keeps serving and {@link #status()} shows the failure. Listeners registered
 * with {@link #onGrantEnded} hear once per grant when a grant known as active is revoked, superseded, ended
 * or removed, or its end time passes; they run on the follower thread or a scheduler thread, one at a time.
 */
public final class GrantDirectory implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(GrantDirectory.class);
  /** How often ended grants past the retention period are dropped. */
  private static final Duration PRUNE_INTERVAL = Duration.ofMinutes(1);
  private static final int MAX_ERROR_TEXT = 300;

  /** A registered listener; closing it unregisters. */
  public interface Subscription extends AutoCloseable {
    @Override
    void close();
  }

  private final AccessStore store;
  private final Clock clock;
  private final GrantDirectoryConfig config;
  private final SnapshotLoader loader;
  private final ChangeApplier applier;
  private final EndTimers timers;
  private final List<Consumer<GrantEnded>> listeners = new CopyOnWriteArrayList<>();
  private final Set<String> reported = ConcurrentHashMap.newKeySet();
  private final ReentrantLock dispatchLock = new ReentrantLock();
  private final ReentrantLock publishLock = new ReentrantLock();
  private final Condition published = publishLock.newCondition();
  private final Instant startedAt;
  private final Thread follower;

  private volatile GrantSnapshot snapshot = GrantSnapshot.empty();
  private volatile boolean loaded;
  private volatile boolean running = true;
  private volatile long storeVersion;
  private volatile Instant lastSuccess;
  private volatile int consecutiveFailures;
  private volatile String lastError = "";
  private Instant lastPrune;

  private GrantDirectory(AccessStore store, Clock clock, ScheduledExecutorService scheduler,
      GrantDirectoryConfig config) {
    this.store = Objects.requireNonNull(store, "store");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.config = Objects.requireNonNull(config, "config");
    Objects.requireNonNull(scheduler, "scheduler");
    this.loader = new SnapshotLoader(store, config);
    this.applier = new ChangeApplier(store, config);
    this.timers = new EndTimers(scheduler, clock, this::onEndTimer);
    this.startedAt = clock.instant();
    this.lastPrune = startedAt;
    this.follower = Thread.ofPlatform().daemon().name("jitgate-grant-directory").unstarted(this::follow);
  }

  /**
   * Starts following {@code store}: the initial load runs on the follower thread (retried like every
   * store error), so this returns at once; {@link #awaitLoaded} waits for it. The caller keeps owning the
   * store and the scheduler.
   *
   * @param store the control plane's store
   * @param clock the time grants start and end by
   * @param scheduler runs the per-grant end timers
   * @param config retention, poll and retry settings
   */
  public static GrantDirectory start(AccessStore store, Clock clock, ScheduledExecutorService scheduler,
      GrantDirectoryConfig config) {
    GrantDirectory directory = new GrantDirectory(store, clock, scheduler, config);
    directory.follower.start();
    return directory;
  }

  // ------------------------------------------------------------------------------------------ lookups

  /** The current snapshot; never null, empty before the first load. */
  public GrantSnapshot snapshot() {
    return snapshot;
  }

  /** See {@link GrantSnapshot#credentialFor}. */
  public Optional<GrantCredential> credentialFor(String principal, String integration, String database) {
    return snapshot.credentialFor(principal, integration, database);
  }

  /** See {@link GrantSnapshot#activeGrants}. */
  public List<Grant> activeGrants(String principal) {
    return snapshot.activeGrants(principal);
  }

  /** The change-feed version of the current snapshot. */
  public long version() {
    return snapshot.version();
  }

  /**
   * Waits until the directory reflects at least store version {@code version} (e.g. the version of a
   * revoke's commit). Not for event loops.
   *
   * @return true when reached, false on timeout
   */
  public boolean awaitVersion(long version, Duration timeout) throws InterruptedException {
    return await(() -> loaded && snapshot.version() >= version, timeout);
  }

  /**
   * Waits until the directory reflects everything committed to the store before this call (one read of the
   * store's version), e.g. before deciding a login that finds no usable credential in the snapshot: the grant
   * or credential may have been issued a moment ago. Not for event loops.
   *
   * @return true when caught up, false on timeout or when the store cannot be read
   */
  public boolean catchUp(Duration timeout) throws InterruptedException {
    long target;
    try {
      target = store.currentVersion();
    } catch (RuntimeException e) {
      return false;
    }
    return awaitVersion(target, timeout);
  }

  /** Waits until the initial load has completed; false on timeout. Not for event loops. */
  public boolean awaitLoaded(Duration timeout) throws InterruptedException {
    return await(() -> loaded, timeout);
  }

  /** How the follower is doing. */
  public SyncStatus status() {
    return new SyncStatus(loaded, snapshot.version(), storeVersion, lastSuccess, consecutiveFailures, lastError);
  }

  /** Time since the last successful sync (since start before the first): the directory's staleness bound. */
  public Duration lag() {
    return status().lag(clock.instant(), startedAt);
  }

  /**
   * Registers {@code listener} for grant ends. It must be quick and must not throw (exceptions are logged);
   * hand real work to the sessions' event loops.
   */
  public Subscription onGrantEnded(Consumer<GrantEnded> listener) {
    Objects.requireNonNull(listener, "listener");
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  /** Stops the follower and the end timers; lookups keep answering from the last snapshot. */
  @Override
  public void close() {
    running = false;
    follower.interrupt();
    try {
      follower.join(TimeUnit.SECONDS.toMillis(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    timers.close();
    signalPublished();
  }

  @Override
  public String toString() {
    return "GrantDirectory[" + snapshot + "]";
  }

  // --------------------------------------------------------------------------------------- follower

  private void follow() {
    Duration backoff = config.minBackoff();
    while (running) {
      try {
        if (!loaded) {
          GrantSnapshot first = loader.load(clock.instant());
          storeVersion = first.version();
          publish(first);
          loaded = true;
          signalPublished();
          log.info("grant directory loaded: {} at version {}", first, first.version());
        } else {
          followOnce();
        }
        succeeded();
        backoff = config.minBackoff();
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        if (!running) {
          return;
        }
        failed(e, backoff);
        if (!pause(backoff)) {
          return;
        }
        backoff = backoff.multipliedBy(2).compareTo(config.maxBackoff()) > 0
            ? config.maxBackoff() : backoff.multipliedBy(2);
      }
    }
  }

  /** One wait for changes and, if there are any, every batch up to the store's version. */
  private void followOnce() throws InterruptedException {
    GrantSnapshot current = snapshot;
    long seen = store.awaitChange(current.version(), config.pollTimeout());
    storeVersion = Math.max(storeVersion, seen);
    if (seen > current.version()) {
      List<ChangeRecord> batch = store.changesSince(current.version(), config.batchSize());
      while (!batch.isEmpty() && running) {
        current = applier.apply(current, batch, clock.instant());
        publish(current);
        batch = store.changesSince(current.version(), config.batchSize());
      }
      // Every record up to `seen` was visible when `seen` was read; commits that wrote only events have none.
      current = current.withVersion(Math.max(current.version(), seen));
    }
    Instant now = clock.instant();
    if (!now.isBefore(lastPrune.plus(PRUNE_INTERVAL))) {
      lastPrune = now;
      current = applier.prune(current, now);
    }
    publish(current);
  }

  private void publish(GrantSnapshot next) {
    GrantSnapshot previous = snapshot;
    if (next == previous) {
      return;
    }
    snapshot = next;
    timers.sync(next);
    reportEnds(previous, next);
    signalPublished();
  }

  private void signalPublished() {
    publishLock.lock();
    try {
      published.signalAll();
    } finally {
      publishLock.unlock();
    }
  }

  private void succeeded() {
    lastSuccess = clock.instant();
    if (consecutiveFailures > 0) {
      log.info("grant directory: the access store answers again after {} failure(s); at version {}",
          consecutiveFailures, snapshot.version());
      consecutiveFailures = 0;
    }
  }

  private void failed(RuntimeException e, Duration backoff) {
    consecutiveFailures++;
    String text = e.getClass().getSimpleName() + ": " + e.getMessage();
    lastError = text.length() > MAX_ERROR_TEXT ? text.substring(0, MAX_ERROR_TEXT) + "…" : text;
    if (consecutiveFailures == 1) {
      log.warn("grant directory: reading the access store failed ({}); serving the snapshot of version {}, "
          + "retrying in {} ms (further failures at debug level)", lastError, snapshot.version(), backoff.toMillis());
    } else {
      log.debug("grant directory: failure {} in a row: {}", consecutiveFailures, lastError);
    }
  }

  private boolean pause(Duration backoff) {
    try {
      Thread.sleep(backoff);
      return running;
    } catch (InterruptedException e) {
      return false;
    }
  }

  // ------------------------------------------------------------------------------------------ ends

  /** Reports grants that were active in {@code previous} and are not in {@code next}. */
  private void reportEnds(GrantSnapshot previous, GrantSnapshot next) {
    Instant now = clock.instant();
    for (Grant before : previous.grants()) {
      if (before.state() != GrantState.ACTIVE) {
        continue;
      }
      Optional<Grant> after = next.grant(before.id());
      if (after.isEmpty()) {
        report(new GrantEnded(before, GrantEnded.Cause.REMOVED, now));
      } else if (after.get().state() != GrantState.ACTIVE) {
        Grant ended = after.get();
        report(new GrantEnded(ended, causeOf(ended), ended.endedAt() == null ? now : ended.endedAt()));
      }
    }
    // An end reported by the timer is reported again if the grant was extended after all.
    reported.removeIf(id -> next.grant(id)
        .map(g -> g.state() == GrantState.ACTIVE && g.endsAt().isAfter(clock.instant()))
        .orElse(true));
  }

  private static GrantEnded.Cause causeOf(Grant ended) {
    EndReason reason = ended.endReason();
    if (reason == null) {
      return GrantEnded.Cause.EXPIRED;
    }
    return switch (reason) {
      case EXPIRED -> GrantEnded.Cause.EXPIRED;
      case REVOKED -> GrantEnded.Cause.REVOKED;
      case SUPERSEDED -> GrantEnded.Cause.SUPERSEDED;
    };
  }

  /** A grant's end timer fired (on a scheduler thread). */
  private void onEndTimer(String grantId, Instant endsAt) {
    Optional<Grant> grant = snapshot.grant(grantId);
    if (grant.isEmpty() || grant.get().state() != GrantState.ACTIVE || !grant.get().endsAt().equals(endsAt)) {
      return;
    }
    if (endsAt.isAfter(clock.instant())) {
      timers.reschedule(grantId, endsAt);
      return;
    }
    report(new GrantEnded(grant.get(), GrantEnded.Cause.EXPIRED, endsAt));
  }

  private void report(GrantEnded ended) {
    if (!reported.add(ended.grant().id())) {
      return;
    }
    dispatchLock.lock();
    try {
      for (Consumer<GrantEnded> listener : listeners) {
        try {
          listener.accept(ended);
        } catch (RuntimeException e) {
          log.warn("a grant-ended listener failed for grant {}: {}", ended.grant().id(), e.toString());
        }
      }
    } finally {
      dispatchLock.unlock();
    }
  }

  private boolean await(BooleanSupplier done, Duration timeout) throws InterruptedException {
    long remaining = timeout.toNanos();
    publishLock.lock();
    try {
      while (!done.getAsBoolean()) {
        if (remaining <= 0 || !running && !done.getAsBoolean()) {
          return false;
        }
        remaining = published.awaitNanos(remaining);
      }
      return true;
    } finally {
      publishLock.unlock();
    }
  }
}
