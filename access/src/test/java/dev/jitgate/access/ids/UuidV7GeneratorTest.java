package dev.jitgate.access.ids;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class UuidV7GeneratorTest {
  private static final Instant T = Instant.parse("2026-03-01T10:00:00.123Z");

  @Test
  void carriesVersionVariantAndTimestamp() {
    UuidV7Generator ids = new UuidV7Generator(Clock.fixed(T, ZoneOffset.UTC), new SecureRandom());
    UUID id = UUID.fromString(ids.next());
    assertThat(id.version()).isEqualTo(7);
    assertThat(id.variant()).isEqualTo(2);
    assertThat(id.getMostSignificantBits() >>> 16).isEqualTo(T.toEpochMilli());
  }

  @Test
  void strictlyIncreasingWithinOneMillisecondAndUnique() {
    UuidV7Generator ids = new UuidV7Generator(Clock.fixed(T, ZoneOffset.UTC), new SecureRandom());
    List<String> made = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      made.add(ids.next());
    }
    assertThat(new HashSet<>(made)).hasSize(made.size());
    assertThat(made).isSorted();
  }

  @Test
  void laterMillisecondsSortLater() {
    Instant[] now = {T};
    Clock clock = new Clock() {
      @Override public java.time.ZoneId getZone() { return ZoneOffset.UTC; }
      @Override public Clock withZone(java.time.ZoneId zone) { return this; }
      @Override public Instant instant() { return now[0]; }
    };
    UuidV7Generator ids = new UuidV7Generator(clock, new SecureRandom());
    String a = ids.next();
    now[0] = T.plusMillis(1);
    String b = ids.next();
    assertThat(a).isLessThan(b);
  }

  @Test
  void sequentialIdsAreDeterministicUuids() {
    SequentialIdGenerator ids = new SequentialIdGenerator();
    assertThat(ids.next()).isEqualTo("00000000-0000-7000-8000-000000000001");
    assertThat(UUID.fromString(ids.next()).version()).isEqualTo(7);
  }
}
