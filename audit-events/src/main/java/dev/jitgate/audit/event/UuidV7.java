package dev.jitgate.audit.event;

import java.security.SecureRandom;
import java.util.random.RandomGenerator;
import java.time.Clock;
import java.util.Objects;
import java.util.UUID;

/**
 * A generator of UUIDv7 identifiers (RFC 9562): 48 bits of Unix milliseconds, version 7, a 12-bit
 * sub-millisecond counter that starts at a random value every millisecond, the variant, 62 random bits.
 * Ids from one generator are strictly increasing even when the clock stands still or steps back. The
 * clock and the random source are injected; thread-safe.
 */
public final class UuidV7 {
  private static final int COUNTER_MAX = 0xFFF;

  private final Clock clock;
  private final RandomGenerator random;
  private long lastMillis = -1;
  private int counter;

  /**
   * A generator reading {@code clock} and drawing randomness from {@code random}. Ids must be unique, not
   * unpredictable: a fast generator seeded from a {@link SecureRandom} serves as well as a SecureRandom.
   */
  public UuidV7(Clock clock, RandomGenerator random) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.random = Objects.requireNonNull(random, "random");
  }

  /** The next id. */
  public synchronized UUID next() {
    long msb = nextMostSignificantBits();
    return new UUID(msb, leastSignificantBits());
  }

  /**
   * Writes the next id as canonical lower-case text (36 ASCII bytes, as {@link UUID#toString}) to
   * {@code out} at {@code at}, without allocating: for producers that encode events straight to bytes.
   */
  public synchronized void nextAscii(byte[] out, int at) {
    long msb = nextMostSignificantBits();
    long lsb = leastSignificantBits();
    hex(out, at, msb >>> 32, 8);
    out[at + 8] = '-';
    hex(out, at + 9, msb >>> 16, 4);
    out[at + 13] = '-';
    hex(out, at + 14, msb, 4);
    out[at + 18] = '-';
    hex(out, at + 19, lsb >>> 48, 4);
    out[at + 23] = '-';
    hex(out, at + 24, lsb, 12);
  }

  private static void hex(byte[] out, int at, long value, int digits) {
    for (int i = at + digits - 1; i >= at; i--) {
      int d = (int) (value & 0xF);
      out[i] = (byte) (d < 10 ? '0' + d : 'a' + d - 10);
      value >>>= 4;
    }
  }

  private long nextMostSignificantBits() {
    long now = clock.millis();
    if (now > lastMillis) {
      lastMillis = now;
      counter = random.nextInt(COUNTER_MAX / 2 + 1); // start in the lower half: room to count up
    } else if (counter < COUNTER_MAX) {
      counter++;
    } else {
      lastMillis++; // the counter ran out within this millisecond: borrow the next one
      counter = random.nextInt(COUNTER_MAX / 2 + 1);
    }
    return (lastMillis & 0xFFFF_FFFF_FFFFL) << 16 | 0x7000L | counter;
  }

  private long leastSignificantBits() {
    return random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL | 0x8000_0000_0000_0000L;
  }

  /** The next id as canonical lower-case text. */
  public String nextString() {
    return next().toString();
  }

  /** Whether {@code text} is a UUIDv7 in canonical lower-case form (version 7, RFC variant). */
  public static boolean isCanonical(String text) {
    if (text == null || text.length() != 36) {
      return false;
    }
    for (int i = 0; i < 36; i++) {
      char c = text.charAt(i);
      boolean ok = switch (i) {
        case 8, 13, 18, 23 -> c == '-';
        case 14 -> c == '7';
        case 19 -> c == '8' || c == '9' || c == 'a' || c == 'b';
        default -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
      };
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /** The Unix milliseconds encoded in a UUIDv7. */
  public static long millis(UUID id) {
    return id.getMostSignificantBits() >>> 16;
  }
}
