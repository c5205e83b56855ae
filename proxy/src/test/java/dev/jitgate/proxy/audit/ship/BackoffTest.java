package dev.jitgate.proxy.audit.ship;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BackoffTest {

  private static final Duration INITIAL = Duration.ofMillis(200);
  private static final Duration MAX = Duration.ofSeconds(30);

  @Test
  void ceilingDoublesFromInitialUpToTheCap() {
    Backoff backoff = new Backoff(INITIAL, MAX, new Random(42));

    assertThat(IntStream.rangeClosed(1, 9).mapToObj(backoff::ceiling)).containsExactly(
        Duration.ofMillis(200), Duration.ofMillis(400), Duration.ofMillis(800), Duration.ofMillis(1600),
        Duration.ofMillis(3200), Duration.ofMillis(6400), Duration.ofMillis(12800), Duration.ofMillis(25600), MAX);
    assertThat(backoff.ceiling(10)).isEqualTo(MAX);
    assertThat(backoff.ceiling(64)).isEqualTo(MAX);
    assertThat(backoff.ceiling(Integer.MAX_VALUE)).isEqualTo(MAX);
  }

  @Test
  void fullJitterStaysWithinZeroAndTheCeilingAndGrows() {
    Backoff backoff = new Backoff(INITIAL, MAX, new Random(42));
    double previousMean = -1;
    for (int attempt = 1; attempt <= 12; attempt++) {
      Duration ceiling = backoff.ceiling(attempt);
      long sum = 0;
      long smallest = Long.MAX_VALUE;
      long largest = 0;
      for (int i = 0; i < 2000; i++) {
        Duration delay = backoff.delay(attempt);
        assertThat(delay).isBetween(Duration.ZERO, ceiling);
        assertThat(delay).isLessThanOrEqualTo(MAX);
        sum += delay.toNanos();
        smallest = Math.min(smallest, delay.toNanos());
        largest = Math.max(largest, delay.toNanos());
      }
      double mean = (double) sum / 2000;
      // full jitter: uniform over [0, ceiling], so the mean is near half the ceiling and the spread is wide
      assertThat(mean).isBetween(ceiling.toNanos() * 0.45, ceiling.toNanos() * 0.55);
      assertThat(smallest).isLessThan(ceiling.toNanos() / 10);
      assertThat(largest).isGreaterThan(ceiling.toNanos() * 9 / 10);
      if (attempt <= 9) {
        assertThat(mean).isGreaterThan(previousMean);
      }
      previousMean = mean;
    }
  }

  @Test
  void sameSeedSameDelays() {
    Backoff first = new Backoff(INITIAL, MAX, new Random(7));
    Backoff second = new Backoff(INITIAL, MAX, new Random(7));

    assertThat(IntStream.rangeClosed(1, 20).mapToObj(first::delay))
        .containsExactlyElementsOf(IntStream.rangeClosed(1, 20).mapToObj(second::delay).toList());
  }

  @Test
  void rejectsBadBoundsAndAttempts() {
    assertThatThrownBy(() -> new Backoff(Duration.ZERO, MAX, new Random())).hasMessageContaining("initial");
    assertThatThrownBy(() -> new Backoff(MAX, INITIAL, new Random())).hasMessageContaining("max");
    Backoff backoff = new Backoff(INITIAL, MAX, new Random());
    assertThatThrownBy(() -> backoff.delay(0)).hasMessageContaining("attempt");
  }
}
