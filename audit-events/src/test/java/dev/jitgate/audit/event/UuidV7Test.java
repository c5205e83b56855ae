package dev.jitgate.audit.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class UuidV7Test {
  private static final Instant NOW = Instant.parse("2026-11-29T13:05:12.123Z");

  @Test
  void encodesVersionVariantAndMillis() {
    UUID id = new UuidV7(Clock.fixed(NOW, ZoneOffset.UTC), new SecureRandom()).next();

    assertThat(id.version()).isEqualTo(7);
    assertThat(id.variant()).isEqualTo(2);
    assertThat(UuidV7.millis(id)).isEqualTo(NOW.toEpochMilli());
    assertThat(id.toString()).startsWith("01a22768-d7bb-7").matches(UuidV7::isCanonical);
  }

  @Test
  void strictlyIncreasesOnAFrozenClockEvenPastTheCounter() {
    UuidV7 ids = new UuidV7(Clock.fixed(NOW, ZoneOffset.UTC), new SecureRandom());
    List<String> generated = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      generated.add(ids.nextString());
    }

    assertThat(generated).isSorted().doesNotHaveDuplicates();
    assertThat(UuidV7.millis(UUID.fromString(generated.getLast()))).isGreaterThan(NOW.toEpochMilli());
  }

  @Test
  void keepsIncreasingWhenTheClockStepsBack() {
    MutableClock clock = new MutableClock(NOW);
    UuidV7 ids = new UuidV7(clock, new SecureRandom());
    String before = ids.nextString();
    clock.now = NOW.minusSeconds(60);

    assertThat(ids.nextString()).isGreaterThan(before);
  }

  @Test
  void canonicalFormIsLowerCaseVersionSeven() {
    assertThat(UuidV7.isCanonical("019a7c3e-5c40-7a1b-8c2d-3e4f5a6b7c01")).isTrue();
    assertThat(UuidV7.isCanonical("019A7C3E-5C40-7A1B-8C2D-3E4F5A6B7C01")).isFalse();
    assertThat(UuidV7.isCanonical("019a7c3e-5c40-4a1b-8c2d-3e4f5a6b7c01")).isFalse(); // version 4
    assertThat(UuidV7.isCanonical("019a7c3e-5c40-7a1b-cc2d-3e4f5a6b7c01")).isFalse(); // variant
    assertThat(UuidV7.isCanonical("019a7c3e5c407a1b8c2d3e4f5a6b7c01")).isFalse();
    assertThat(UuidV7.isCanonical(null)).isFalse();
  }

  private static final class MutableClock extends Clock {
    private Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }
}
