package dev.jitgate.proxy.audit.ship;

import dev.jitgate.proxy.audit.spool.Spool;
import dev.jitgate.proxy.audit.spool.SpoolRecord;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ships the spool to the auditor on one daemon thread, at least once and in order.
 *
 * <pre>
 *  loop: read(after acknowledged) ─▶ full, or first record older than maxDelay? ─no─▶ wait (poll or wakeUp())
 *                                        │ yes
 *                                        ▼
 *        POST gzip NDJSON ─2xx─▶ spool.acknowledge(last) ─▶ loop
 *              │ 4xx (not 408/429): ALERT, status.rejecting()   │ 5xx, 408, 429, I/O error
 *              └──────────── back off (full jitter, Retry-After) and resend the same batch
 * </pre>
 *
 * <p>The spool is acknowledged only after a 2xx, so a crash between the auditor's answer and the
 * acknowledgement replays the batch; the auditor deduplicates by event id. The thread is never
 * interrupted (an interrupt would close the spool's file channels): {@link #close()} signals it and
 * cancels the request in flight instead.
 */
public final class Shipper implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Shipper.class);
  private static final Duration IDLE_POLL = Duration.ofMillis(50);
  private static final int CLOSE_WAIT_SECONDS = 5;
  private static final Duration CLOSE_WAIT = Duration.ofSeconds(CLOSE_WAIT_SECONDS);
  private static final String REDACTED = "<redacted>";

  /** Where a delivered batch's position goes; the spool in production, a crash seam in tests. */
  @FunctionalInterface
  interface Acknowledger {
    void acknowledge(long throughSequence) throws IOException;
  }

  private final ShipperConfig config;
  private final Spool spool;
  private final Acknowledger acknowledger;
  private final Backoff backoff;
  private final Clock clock;
  private final AuditorClient client;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition signal = lock.newCondition();
  private final Thread thread;
  private boolean wakeRequested;
  private volatile boolean running = true;
  private volatile ShipperStatus status;
  private long acknowledged;

  private Shipper(ShipperConfig config, Spool spool, RandomGenerator random, Acknowledger acknowledger, Clock clock) {
    this.config = Objects.requireNonNull(config, "config");
    this.spool = Objects.requireNonNull(spool, "spool");
    this.acknowledger = Objects.requireNonNull(acknowledger, "acknowledger");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.backoff = new Backoff(config.backoffInitial(), config.backoffMax(), random);
    this.acknowledged = spool.acknowledgedSequence();
    this.status = ShipperStatus.initial(acknowledged);
    this.client = new AuditorClient(config);
    this.thread = new Thread(this::run, "jitgate-audit-shipper");
    thread.setDaemon(true);
  }

  /** Starts shipping {@code spool} (which the caller keeps owning and closes after this shipper). */
  public static Shipper start(ShipperConfig config, Spool spool) {
    return start(config, spool, new SecureRandom(), spool::acknowledge, Clock.systemUTC());
  }

  static Shipper start(ShipperConfig config, Spool spool, RandomGenerator random, Acknowledger acknowledger,
      Clock clock) {
    Shipper shipper = new Shipper(config, spool, random, acknowledger, clock);
    shipper.thread.start();
    return shipper;
  }

  /** Tells the shipper that records were appended, so it need not wait for its next poll. Never blocks long. */
  public void wakeUp() {
    lock.lock();
    try {
      wakeRequested = true;
      signal.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** The current state, for metrics. */
  public ShipperStatus status() {
    return status;
  }

  /**
   * Stops the thread (within about {@value #CLOSE_WAIT_SECONDS} seconds): ends any wait, cancels
   * the request in flight, shuts the HTTP client down. Unacknowledged records stay in the spool.
   */
  @Override
  public void close() {
    running = false;
    lock.lock();
    try {
      signal.signalAll();
    } finally {
      lock.unlock();
    }
    client.close();
    if (Thread.currentThread() != thread) {
      try {
        thread.join(CLOSE_WAIT.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (thread.isAlive()) {
        LOG.warn("audit shipper thread did not stop within {}", CLOSE_WAIT);
      }
    }
  }

  private void run() {
    while (running) {
      List<SpoolRecord> records;
      try {
        records = spool.read(acknowledged, config.batchMaxRecords(), config.batchMaxBytes());
      } catch (IOException | RuntimeException e) {
        if (!running) {
          return;
        }
        Duration delay = nextDelay();
        fail("reading the audit spool failed: " + describe(e), 0, delay);
        LOG.error("audit shipper: {}", status.lastError());
        backOff(delay);
        continue;
      }
      if (records.isEmpty()) {
        awaitRecords(IDLE_POLL);
        continue;
      }
      int fitting = Batch.fitting(records, config.batchMaxBytes());
      // full: the batch cannot grow (by count or bytes), so waiting for more records is pointless. Whether more
      // records exist beyond what was read says nothing: they may have been appended after the read.
      boolean full = fitting < records.size() || records.size() == config.batchMaxRecords()
          || ndjsonBytes(records) >= config.batchMaxBytes() / 2;
      if (!full) {
        Duration age = Duration.between(records.getFirst().appendedAt(), clock.instant());
        Duration remaining = config.maxDelay().minus(age.isNegative() ? Duration.ZERO : age);
        if (remaining.compareTo(config.maxDelay()) > 0) {
          remaining = config.maxDelay();
        }
        if (remaining.isPositive()) {
          awaitRecords(remaining.compareTo(IDLE_POLL) < 0 ? remaining : IDLE_POLL);
          continue;
        }
      }
      deliver(Batch.of(records.subList(0, fitting), config.gzipLevel()));
    }
  }

  private static long ndjsonBytes(List<SpoolRecord> records) {
    long bytes = 0;
    for (SpoolRecord r : records) {
      bytes += r.payload().length + 1L;
    }
    return bytes;
  }

  /** Sends {@code batch} until the auditor takes it (then acknowledges) or the shipper closes. */
  private void deliver(Batch batch) {
    int attempt = 0;
    while (running) {
      Outcome outcome = client.send(batch);
      attempt++;
      if (!running && !(outcome instanceof Outcome.Delivered)) {
        return; // closing: the request was cancelled, the batch stays in the spool
      }
      Duration delay = nextDelay();
      switch (outcome) {
        case Outcome.Delivered delivered -> {
          try {
            acknowledger.acknowledge(batch.lastSequence());
          } catch (IOException | RuntimeException e) {
            fail("batch " + batch.id() + " was delivered but acknowledging the spool failed (it will be resent): "
                + describe(e), 0, delay);
            LOG.error("audit shipper: {}", status.lastError());
            backOff(delay);
            return;
          }
          acknowledged = batch.lastSequence();
          status = status.succeeded(clock.instant(), acknowledged, batch.records(), batch.ndjsonBytes());
          return;
        }
        case Outcome.Rejected rejected -> {
          fail("auditor rejected batch " + batch.id() + " with HTTP " + rejected.status()
              + (rejected.title().isEmpty() ? "" : " (" + rejected.title() + ")"), rejected.status(), delay);
          LOG.error("ALERT audit shipper: {}; nothing is dropped, retrying in {} (attempt {})",
              status.lastError(), delay, attempt);
        }
        case Outcome.Transient failure -> {
          if (failure.retryAfter().isPresent()) {
            Duration asked = failure.retryAfter().get();
            delay = asked.compareTo(config.backoffMax()) > 0 ? config.backoffMax() : asked;
          }
          fail("sending batch " + batch.id() + " failed: " + failure.description(), 0, delay);
          if (attempt == 1 || attempt % 10 == 0) {
            LOG.warn("audit shipper: {}; retrying in {} (attempt {})", status.lastError(), delay, attempt);
          }
        }
      }
      backOff(delay);
    }
  }

  /** Full-jitter delay for the next retry, growing with the failures since the last success. */
  private Duration nextDelay() {
    return backoff.delay(Math.min(status.consecutiveFailures(), Long.SIZE) + 1);
  }

  private void fail(String error, int rejectedStatus, Duration delay) {
    status = status.failed(redact(error), rejectedStatus, delay);
  }

  private String redact(String text) {
    return text.replace(config.token().value(), REDACTED);
  }

  /** Waits {@code delay} unless the shipper closes; {@link #wakeUp()} does not shorten it. */
  private void backOff(Duration delay) {
    await(delay, false);
    status = status.waited();
  }

  /** Waits up to {@code delay} for {@link #wakeUp()} or close. */
  private void awaitRecords(Duration delay) {
    await(delay, true);
  }

  private void await(Duration delay, boolean wakeable) {
    long nanos = delay.toNanos();
    lock.lock();
    try {
      while (running && nanos > 0 && !(wakeable && wakeRequested)) {
        nanos = signal.awaitNanos(nanos);
      }
      if (wakeable) {
        wakeRequested = false;
      }
    } catch (InterruptedException e) {
      running = false;
      Thread.currentThread().interrupt();
    } finally {
      lock.unlock();
    }
  }

  private static String describe(Throwable failure) {
    String message = failure.getMessage();
    String name = failure.getClass().getSimpleName();
    return message == null || message.isBlank() ? name : name + ": " + message;
  }
}
