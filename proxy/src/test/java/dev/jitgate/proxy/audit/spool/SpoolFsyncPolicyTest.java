package dev.jitgate.proxy.audit.spool;

import static dev.jitgate.proxy.audit.spool.SpoolTestSupport.freshDirectory;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.jitgate.proxy.audit.spool.SpoolTestSupport.CountingFsync;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;
import org.junit.jupiter.api.TestInfo;

class SpoolFsyncPolicyTest {

  private static final String FLUSHER = "jitgate-spool-flusher";

  private static Spool open(TestInfo info, FsyncPolicy policy, Fsync fsync) throws Exception {
    Path directory = freshDirectory("SpoolFsyncPolicyTest-" + info.getTestMethod().orElseThrow().getName());
    return Spool.open(new SpoolConfig(directory, 1 << 16, 1 << 22, policy, 100), Clock.systemUTC(), fsync);
  }

  @Test
  void appendForcedSoonReturnsBeforeTheForceAndTheSyncThreadForcesIt(TestInfo info) throws Exception {
    CountingFsync fsync = new CountingFsync(false);
    try (Spool spool = open(info, FsyncPolicy.always(), fsync)) {
      fsync.blockForces();
      assertThat(spool.appendForcedSoon(new byte[3])).isEqualTo(1); // returns while the force is blocked
      assertThat(fsync.entered.await(5, TimeUnit.SECONDS)).as("the sync thread forces").isTrue();
      assertThat(spool.durableSequence()).isZero();
      fsync.releaseForces();
      await().atMost(Duration.ofSeconds(5)).until(() -> spool.durableSequence() == 1);
    }
  }

  @Test
  void aGroupDelayLetsRecordsNobodyWaitsForGatherBeforeTheNextForce(TestInfo info) throws Exception {
    CountingFsync fsync = new CountingFsync(false);
    try (Spool spool = open(info, FsyncPolicy.always(Duration.ofSeconds(30)), fsync)) {
      spool.appendForcedSoon(new byte[3]);
      await("the first force comes at once: none came before").atMost(Duration.ofSeconds(5))
          .until(() -> spool.durableSequence() == 1);
      for (int i = 0; i < 20; i++) {
        spool.appendForcedSoon(new byte[3]);
      }
      await("the next force waits for the group delay").during(Duration.ofMillis(300))
          .atMost(Duration.ofSeconds(2)).until(() -> spool.durableSequence() == 1);
      assertThat(fsync.forces.get()).isEqualTo(1);
      assertThat(spool.lastSequence()).isEqualTo(21);
    }
    assertThat(fsync.forces.get()).as("closing forces what the group delay held back").isEqualTo(2);
  }

  @ParameterizedTest
  @ValueSource(longs = {0, 5})
  void aFailedForceThatNobodyWaitsForIsLoggedAsAnAlert(long groupDelayMillis, TestInfo info) throws Exception {
    FailingForces fsync = new FailingForces();
    Logger spoolLog = (Logger) LoggerFactory.getLogger(Spool.class);
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    spoolLog.addAppender(logs);
    try (Spool spool = open(info, FsyncPolicy.always(Duration.ofMillis(groupDelayMillis)), fsync)) {
      fsync.failing = true;
      spool.appendForcedSoon(new byte[3]);
      await().atMost(Duration.ofSeconds(5)).until(() -> logs.list.stream()
          .anyMatch(e -> e.getLevel() == Level.ERROR && e.getFormattedMessage().startsWith("ALERT audit spool")
              && e.getFormattedMessage().contains("disk on fire")));
      assertThat(spool.durableSequence()).isZero();
      fsync.failing = false;
    } finally {
      spoolLog.detachAppender(logs);
    }
  }

  /** Forces that fail while {@link #failing}. */
  private static final class FailingForces implements Fsync {
    volatile boolean failing;

    @Override
    public void force(java.nio.channels.FileChannel channel) throws java.io.IOException {
      if (failing) {
        throw new java.io.IOException("disk on fire");
      }
    }

    @Override
    public void forceDirectory(Path directory) {}
  }

  @Test
  void aRecordSomebodyWaitsForIsForcedAtOnceDespiteTheGroupDelay(TestInfo info) throws Exception {
    CountingFsync fsync = new CountingFsync(false);
    try (Spool spool = open(info, FsyncPolicy.always(Duration.ofSeconds(30)), fsync)) {
      spool.appendForcedSoon(new byte[3]);
      await().atMost(Duration.ofSeconds(5)).until(() -> spool.durableSequence() == 1);
      spool.appendForcedSoon(new byte[3]); // held back by the group delay
      CompletableFuture<Long> durable = spool.appendDurablyAsync(new byte[3], 3);
      assertThat(durable.get(5, TimeUnit.SECONDS)).isEqualTo(3);
      assertThat(spool.durableSequence()).as("the waiter's force covers the held-back record").isEqualTo(3);
    }
  }

  @Test
  void aBusySpoolUnderAGroupDelayForcesAtMostOncePerDelay(TestInfo info) throws Exception {
    CountingFsync fsync = new CountingFsync(true);
    long delayMillis = 20;
    try (Spool spool = open(info, FsyncPolicy.always(Duration.ofMillis(delayMillis)), fsync)) {
      // one append per millisecond for 200 ms: forced back to back, nearly every append would get its own force
      long started = System.nanoTime();
      long last = 0;
      for (int i = 0; i < 200; i++) {
        long slot = started + TimeUnit.MILLISECONDS.toNanos(i);
        while (System.nanoTime() < slot) {
          Thread.onSpinWait();
        }
        last = spool.appendForcedSoon(new byte[50]);
      }
      long target = last;
      await().atMost(Duration.ofSeconds(5)).until(() -> spool.durableSequence() == target);
      long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
      assertThat(fsync.forces.get()).isPositive().isLessThanOrEqualTo((int) (elapsedMillis / delayMillis) + 2);
    }
  }

  @Test
  void alwaysReturnsFromAppendOnlyAfterTheForce(TestInfo info) throws Exception {
    CountingFsync fsync = new CountingFsync(false);
    try (Spool spool = open(info, FsyncPolicy.always(), fsync)) {
      fsync.blockForces();
      CompletableFuture<Long> append = CompletableFuture.supplyAsync(() -> {
        try {
          return spool.append(new byte[3]);
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      assertThat(fsync.entered.await(5, TimeUnit.SECONDS)).isTrue();
      assertThat(append).isNotDone();
      assertThat(spool.durableSequence()).isZero();
      fsync.releaseForces();
      assertThat(append.get(5, TimeUnit.SECONDS)).isEqualTo(1);
      assertThat(spool.durableSequence()).isEqualTo(1);
      assertThat(fsync.forces.get()).isEqualTo(1);
      assertThat(fsync.directoryForces.get()).as("new segment's directory entry forced").isGreaterThanOrEqualTo(1);
    }
  }

  @Test
  void alwaysSharesForcesBetweenConcurrentAppenders(TestInfo info) throws Exception {
    CountingFsync fsync = new CountingFsync(true);
    int threads = 8;
    int perThread = 50;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try (Spool spool = open(info, FsyncPolicy.always(), fsync)) {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        futures.add(pool.submit(() -> {
          for (int i = 0; i < perThread; i++) {
            long sequence = spool.append(new byte[20]);
            assertThat(spool.durableSequence()).isGreaterThanOrEqualTo(sequence);
          }
          return null;
        }));
      }
      for (Future<?> future : futures) {
        future.get(30, TimeUnit.SECONDS);
      }
      assertThat(spool.durableSequence()).isEqualTo(threads * perThread);
      assertThat(fsync.forces.get()).isBetween(1, threads * perThread);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void intervalForcesOnTheFlusherThreadNeverOnTheAppender(TestInfo info) throws Exception {
    CountingFsync fsync = new CountingFsync(false);
    try (Spool spool = open(info, FsyncPolicy.interval(Duration.ofMillis(100)), fsync)) {
      long first = spool.append(new byte[3]);
      assertThat(spool.durableSequence()).isLessThan(first);
      await().atMost(Duration.ofSeconds(5)).until(() -> spool.durableSequence() >= first);
      int afterFirst = fsync.forces.get();
      for (int i = 0; i < 200; i++) {
        spool.append(new byte[3]);
      }
      await().atMost(Duration.ofSeconds(5)).until(() -> spool.durableSequence() == 201);
      assertThat(fsync.threads).isNotEmpty().allMatch(FLUSHER::equals);
      assertThat(fsync.forces.get() - afterFirst).as("forces for 200 quick appends").isLessThanOrEqualTo(5);
      int settled = fsync.forces.get();
      await().pollDelay(Duration.ofMillis(350)).atMost(Duration.ofSeconds(2)).until(() -> true);
      assertThat(fsync.forces.get()).as("no force without new records").isEqualTo(settled);
    }
  }

  @Test
  void neverLeavesWritesToTheOsButAppendDurablyStillForces(TestInfo info) throws Exception {
    CountingFsync fsync = new CountingFsync(false);
    Spool spool = open(info, FsyncPolicy.never(), fsync);
    for (int i = 0; i < 100; i++) {
      spool.append(new byte[3]);
    }
    assertThat(fsync.forces.get()).isZero();
    assertThat(spool.durableSequence()).isZero();
    assertThat(spool.appendDurably(new byte[3])).isEqualTo(101);
    assertThat(fsync.forces.get()).isEqualTo(1);
    assertThat(spool.durableSequence()).isEqualTo(101);
    spool.append(new byte[3]);
    spool.close();
    assertThat(fsync.forces.get()).as("close under NEVER does not force").isEqualTo(1);
  }

  @Test
  void intervalAppendDurablyForcesOnTheCallerAndCloseForcesTheRest(TestInfo info) throws Exception {
    CountingFsync fsync = new CountingFsync(false);
    Spool spool = open(info, FsyncPolicy.interval(Duration.ofHours(1)), fsync);
    spool.append(new byte[3]);
    assertThat(fsync.forces.get()).isZero();
    assertThat(spool.appendDurably(new byte[3])).isEqualTo(2);
    assertThat(fsync.threads).containsExactly(Thread.currentThread().getName());
    spool.append(new byte[3]);
    assertThat(spool.durableSequence()).isEqualTo(2);
    spool.close();
    assertThat(spool.durableSequence()).isEqualTo(3);
    assertThat(fsync.forces.get()).isEqualTo(2);
  }

  @Test
  void asyncDurableAppendCompletesOnlyAfterTheForceUnderEveryPolicy(TestInfo info) throws Exception {
    CountingFsync fsync = new CountingFsync(false);
    try (Spool spool = open(info, FsyncPolicy.never(), fsync)) {
      fsync.blockForces();
      CompletableFuture<Long> first = spool.appendDurablyAsync(new byte[3]);
      CompletableFuture<Long> second = spool.appendDurablyAsync(new byte[3]);
      assertThat(fsync.entered.await(5, TimeUnit.SECONDS)).isTrue();
      assertThat(first).isNotDone();
      assertThat(second).isNotDone();
      fsync.releaseForces();
      assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo(1);
      assertThat(second.get(5, TimeUnit.SECONDS)).isEqualTo(2);
      assertThat(spool.durableSequence()).isEqualTo(2);
      assertThat(fsync.threads).allMatch("jitgate-spool-sync"::equals);
      assertThat(fsync.forces.get()).as("one force may cover both").isBetween(1, 2);
    }
  }

  @Test
  void asyncDurableAppendUnderAlwaysCompletesAfterTheForce(TestInfo info) throws Exception {
    CountingFsync fsync = new CountingFsync(false);
    try (Spool spool = open(info, FsyncPolicy.always(), fsync)) {
      spool.append(new byte[1]);
      CompletableFuture<Long> durable = spool.appendDurablyAsync(new byte[1]);
      assertThat(durable.get(5, TimeUnit.SECONDS)).isEqualTo(2);
      assertThat(spool.durableSequence()).isEqualTo(2);
    }
  }
}
