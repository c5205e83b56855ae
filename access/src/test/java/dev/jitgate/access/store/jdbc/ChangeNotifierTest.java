package dev.jitgate.access.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Signals are counted, so none is lost between reading the version and starting to wait. */
class ChangeNotifierTest {
  private final ChangeNotifier notifier = new ChangeNotifier();

  @Test
  void aSignalAfterTheGenerationWasReadIsNotLost() throws Exception {
    long seen = notifier.generation();
    notifier.signal();
    assertThat(notifier.awaitSignalAfter(seen, Duration.ofMinutes(1).toNanos())).isTrue();
    assertThat(notifier.generation()).isEqualTo(seen + 1);
  }

  @Test
  void aWaiterIsWokenBySignal() throws Exception {
    long seen = notifier.generation();
    CompletableFuture<Boolean> woken = CompletableFuture.supplyAsync(() -> {
      try {
        return notifier.awaitSignalAfter(seen, Duration.ofMinutes(1).toNanos());
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
    notifier.signal();
    assertThat(woken.get(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void withoutASignalTheWaitTimesOut() throws Exception {
    assertThat(notifier.awaitSignalAfter(notifier.generation(), Duration.ofMillis(50).toNanos())).isFalse();
    assertThat(notifier.awaitSignalAfter(notifier.generation(), 0)).isFalse();
  }
}
