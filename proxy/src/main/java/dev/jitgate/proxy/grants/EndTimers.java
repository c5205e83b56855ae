package dev.jitgate.proxy.grants;

import dev.jitgate.access.model.Grant;
import dev.jitgate.access.model.GrantState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One timer per active grant, due at its end, so that a natural end is noticed on time even when the
 * control plane's sweep has not run yet. {@link #sync} (re)schedules after every snapshot: new grants get
 * a timer, extended ones a new time, ended ones lose theirs. A timer that has fired stays recorded for its
 * end time, so that it is not scheduled again while the store still calls the grant active.
 */
final class EndTimers implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EndTimers.class);

  private static final Duration LONGEST_DELAY = Duration.ofDays(1);

  private record Timer(Instant endsAt, ScheduledFuture<?> future) {}

  private final ScheduledExecutorService scheduler;
  private final Clock clock;
  private final BiConsumer<String, Instant> onDue;
  private final Map<String, Timer> timers = new ConcurrentHashMap<>();
  private volatile boolean closed;

  /**
   * @param scheduler runs the timers
   * @param clock the time grants end by
   * @param onDue called on a scheduler thread with a grant id and the end time its timer was set for
   */
  EndTimers(ScheduledExecutorService scheduler, Clock clock, BiConsumer<String, Instant> onDue) {
    this.scheduler = scheduler;
    this.clock = clock;
    this.onDue = onDue;
  }

  /** Makes the timers match the active grants of {@code snapshot}. */
  void sync(GrantSnapshot snapshot) {
    Set<String> active = new HashSet<>();
    for (Grant g : snapshot.grants()) {
      if (g.state() == GrantState.ACTIVE) {
        active.add(g.id());
        timers.compute(g.id(), (id, old) -> old != null && old.endsAt().equals(g.endsAt())
            ? old
            : replace(old, id, g.endsAt()));
      }
    }
    timers.entrySet().removeIf(e -> {
      if (active.contains(e.getKey())) {
        return false;
      }
      e.getValue().future().cancel(false);
      return true;
    });
  }

  /** Sets the timer of {@code grantId} again, e.g. when it fired before the clock reached {@code endsAt}. */
  void reschedule(String grantId, Instant endsAt) {
    timers.computeIfPresent(grantId, (id, old) -> old.endsAt().equals(endsAt) ? replace(old, id, endsAt) : old);
  }

  /** How many timers are pending. */
  int pending() {
    return (int) timers.values().stream().filter(t -> !t.future().isDone()).count();
  }

  private Timer replace(Timer old, String grantId, Instant endsAt) {
    if (old != null) {
      old.future().cancel(false);
    }
    if (closed) {
      return old;
    }
    Duration left = Duration.between(clock.instant(), endsAt);
    // Far ends are re-armed daily: the owner reschedules a timer that fires before its end.
    long delay = left.isNegative() ? 0 : left.compareTo(LONGEST_DELAY) > 0 ? LONGEST_DELAY.toNanos() : left.toNanos();
    try {
      return new Timer(endsAt, scheduler.schedule(() -> onDue.accept(grantId, endsAt), delay,
          TimeUnit.NANOSECONDS));
    } catch (RejectedExecutionException e) {
      log.warn("cannot schedule the end of grant {}: the scheduler is shut down", grantId);
      return old;
    }
  }

  @Override
  public void close() {
    closed = true;
    timers.values().forEach(t -> t.future().cancel(false));
    timers.clear();
  }
}
