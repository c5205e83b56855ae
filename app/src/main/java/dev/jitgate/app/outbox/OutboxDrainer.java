package dev.jitgate.app.outbox;

import dev.jitgate.access.store.AccessStore;
import dev.jitgate.access.store.OutboxEntry;
import dev.jitgate.audit.event.AuditEvent;
import dev.jitgate.audit.event.AuditEventJson;
import dev.jitgate.audit.event.UuidV7;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drains the control plane's outbox into an auditor, on one daemon thread: every {@link Settings#pollInterval()}
 * it reads the entries after the last acknowledged one, turns them into {@code admin.<action>} events of this
 * run's chain ({@link AdminEventChain}), delivers them through an {@link AdminEventSink} and acknowledges the
 * outbox only once the delivery succeeded.
 *
 * <p>Nothing is dropped: a failed delivery is retried with the very same events (same ids, seqs and hashes,
 * so the chain stays whole) after an exponential backoff with full jitter. Delivery is at-least-once: when the
 * process dies after a delivery and before the acknowledgement, the next run sends those entries again, as new
 * events of its own chain (their {@code details.outbox_event_id} tells them apart from new actions).
 */
public final class OutboxDrainer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(OutboxDrainer.class);

  /**
   * Timings and sizes.
   *
   * @param pollInterval wait between looks at an empty outbox
   * @param batchSize most entries per delivery
   * @param backoffInitial ceiling of the first retry delay
   * @param backoffMax ceiling of every retry delay
   */
  public record Settings(Duration pollInterval, int batchSize, Duration backoffInitial, Duration backoffMax) {
    /** 1 s polls, 500 entries per batch, retries from 200 ms up to 30 s. */
    public static final Settings DEFAULTS =
        new Settings(Duration.ofSeconds(1), 500, Duration.ofMillis(200), Duration.ofSeconds(30));

    public Settings {
      Objects.requireNonNull(pollInterval, "pollInterval");
      Objects.requireNonNull(backoffInitial, "backoffInitial");
      Objects.requireNonNull(backoffMax, "backoffMax");
      if (pollInterval.isNegative() || pollInterval.isZero() || backoffInitial.isNegative()
          || backoffInitial.isZero() || backoffMax.compareTo(backoffInitial) < 0) {
        throw new IllegalArgumentException("outbox drainer needs positive intervals and backoffMax >= backoffInitial");
      }
      if (batchSize < 1) {
        throw new IllegalArgumentException("outbox drainer batchSize must be at least 1");
      }
    }
  }

  private final AccessStore store;
  private final AdminEventSink sink;
  private final Settings settings;
  private final AdminEventChain chain;
  private final AuditEventJson json = new AuditEventJson();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition wake = lock.newCondition();
  private final Thread thread;
  private volatile boolean closed;
  private volatile long acknowledgedThrough;
  private volatile long delivered;

  private OutboxDrainer(AccessStore store, AdminEventSink sink, String producer, Settings settings) {
    this.store = Objects.requireNonNull(store, "store");
    this.sink = Objects.requireNonNull(sink, "sink");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.chain = new AdminEventChain(producer, new UuidV7(Clock.systemUTC(), new SecureRandom()), json);
    this.thread = Thread.ofPlatform().name("jitgate-outbox-drainer").daemon().unstarted(this::run);
  }

  /**
   * Starts draining {@code store}'s outbox into {@code sink}.
   *
   * @param producer the {@code proxy} field of the events: the name of the process draining
   */
  public static OutboxDrainer start(AccessStore store, AdminEventSink sink, String producer, Settings settings) {
    OutboxDrainer drainer = new OutboxDrainer(store, sink, producer, settings);
    drainer.thread.start();
    log.info("draining admin actions into {} as chain {}", sink, drainer.chain.session());
    return drainer;
  }

  /** The session id of this run's chain. */
  public String session() {
    return chain.session();
  }

  /** Events delivered (and acknowledged) so far by this run. */
  public long delivered() {
    return delivered;
  }

  private void run() {
    List<String> pending = List.of();
    long pendingThrough = 0;
    int failures = 0;
    while (!closed) {
      try {
        if (pending.isEmpty()) {
          List<OutboxEntry> entries = store.outbox(acknowledgedThrough, settings.batchSize());
          if (entries.isEmpty()) {
            pause(settings.pollInterval());
            continue;
          }
          List<String> lines = new ArrayList<>(entries.size());
          for (OutboxEntry entry : entries) {
            AuditEvent event = chain.append(entry.event());
            lines.add(json.write(event));
          }
          pending = List.copyOf(lines);
          pendingThrough = entries.getLast().seq();
        }
        Delivery outcome = sink.deliver(pending);
        switch (outcome) {
          case Delivery.Delivered d -> {
            store.acknowledgeOutbox(pendingThrough);
            acknowledgedThrough = pendingThrough;
            delivered += pending.size();
            pending = List.of();
            if (failures > 0) {
              log.info("admin actions delivered again after {} failed attempt(s)", failures);
            }
            failures = 0;
          }
          case Delivery.Failed f -> {
            failures++;
            log.warn("admin actions not delivered (attempt {}): {}; retrying", failures, f.description());
            pause(backoff(failures));
          }
        }
      } catch (RuntimeException e) {
        // The store failed (reading or acknowledging): keep what is pending and try again later.
        failures++;
        log.warn("outbox drainer: {} (attempt {}); retrying", e.toString(), failures);
        pause(backoff(failures));
      }
    }
  }

  private Duration backoff(int attempt) {
    long initial = settings.backoffInitial().toNanos();
    long max = settings.backoffMax().toNanos();
    int doublings = Math.min(attempt - 1, 40);
    long ceiling = initial > (max >> doublings) ? max : Math.min(max, initial << doublings);
    return Duration.ofNanos(ThreadLocalRandom.current().nextLong(ceiling + 1));
  }

  private void pause(Duration duration) {
    lock.lock();
    try {
      long nanos = duration.toNanos();
      while (!closed && nanos > 0) {
        nanos = wake.awaitNanos(nanos);
      }
    } catch (InterruptedException e) {
      closed = true;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Stops the drainer: a delivery in flight is given up to its request timeout, entries not acknowledged stay in
   * the outbox for the next run. Closes the sink.
   */
  @Override
  public void close() {
    closed = true;
    lock.lock();
    try {
      wake.signalAll();
    } finally {
      lock.unlock();
    }
    try {
      thread.join(Duration.ofSeconds(15));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      sink.close();
    }
  }
}
