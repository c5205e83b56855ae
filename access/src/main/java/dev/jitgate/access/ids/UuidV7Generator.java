package dev.jitgate.access.ids;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Objects;
import java.util.UUID;

/**
 * Time-ordered UUIDv7 ids (RFC 9562): a 48-bit Unix millisecond timestamp, a 12-bit counter seeded at
 * random each millisecond (so ids from one generator increase strictly), and 62 random bits from a
 * {@link SecureRandom}. Thread-safe.
 */
public final class UuidV7Generator implements IdGenerator {
  private static final int COUNTER_BITS = 12;
  private static final int COUNTER_MAX = (1 << COUNTER_BITS) - 1;

  private final Clock clock;
  private final SecureRandom random;
  private long lastMillis = Long.MIN_VALUE;
  private int counter;

  public UuidV7Generator(Clock clock, SecureRandom random) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.random = Objects.requireNonNull(random, "random");
  }

  @Override
  public String next() {
    return nextUuid().toString();
  }

  /** A new UUIDv7. */
  public synchronized UUID nextUuid() {
    long millis = clock.millis();
    if (millis > lastMillis) {
      lastMillis = millis;
      counter = random.nextInt(1 << (COUNTER_BITS - 1));
    } else if (counter < COUNTER_MAX) {
      counter++;
    } else {
      // The counter is exhausted (or the clock went back): borrow the next millisecond.
      lastMillis++;
      counter = random.nextInt(1 << (COUNTER_BITS - 1));
    }
    long msb = ((lastMillis & 0xFFFF_FFFF_FFFFL) << 16) | 0x7000L | counter;
    long lsb = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
    return new UUID(msb, lsb);
  }
}
