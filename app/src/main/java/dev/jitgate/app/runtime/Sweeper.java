package dev.jitgate.app.runtime;

import dev.jitgate.access.service.AccessService;
import dev.jitgate.access.service.SweepResult;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link AccessService#sweep()} (expire pending requests, end grants past their end) at a fixed delay
 * on one daemon thread. A failing sweep is logged — once at warn while the failure lasts, then at debug —
 * and the next one runs as usual.
 */
public final class Sweeper implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Sweeper.class);

  private final AccessService service;
  private final ScheduledExecutorService scheduler;
  private boolean failing;

  private Sweeper(AccessService service) {
    this.service = service;
    this.scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("jitgate-sweep").daemon().factory());
  }

  /** Starts sweeping every {@code interval}. */
  public static Sweeper start(AccessService service, Duration interval) {
    Sweeper sweeper = new Sweeper(service);
    sweeper.scheduler.scheduleWithFixedDelay(sweeper::sweepOnce, interval.toMillis(), interval.toMillis(),
        TimeUnit.MILLISECONDS);
    return sweeper;
  }

  /** One sweep; never throws, so the schedule keeps running. Runs on the scheduler thread only. */
  void sweepOnce() {
    try {
      SweepResult result = service.sweep();
      if (failing) {
        log.info("sweep works again");
        failing = false;
      }
      if (result.expiredRequests() > 0 || result.endedGrants() > 0) {
        log.info("sweep: {} request(s) expired, {} grant(s) ended", result.expiredRequests(), result.endedGrants());
      }
    } catch (RuntimeException e) {
      if (!failing) {
        log.warn("sweep failed (retrying every run, further failures at debug level): {}", e.toString());
        failing = true;
      } else {
        log.debug("sweep failed again", e);
      }
    }
  }

  /** Stops sweeping; waits briefly for a running sweep to finish. */
  @Override
  public void close() {
    scheduler.shutdown();
    try {
      if (!scheduler.awaitTermination(5, TimeUnit.SECONDS)) {
        log.warn("a sweep did not finish within 5s of shutdown");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
