package dev.jitgate.pg;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * A tiny property-test harness for plain JUnit tests: {@link #forAll(int, Property)} runs a property
 * {@code tries} times, each try with its own {@link RandomGenerator} seeded from a per-try seed. The
 * try seeds are derived from a base seed (fixed by default, so CI runs are reproducible; override
 * with {@code -Djitgate.seed=<long>}) mixed with the calling test's class and method name, so two
 * properties never see the same inputs. A failure is rethrown as an {@link AssertionError} naming the
 * base seed and the try's seed; {@code -Djitgate.trySeed=<long>} replays just that one try.
 *
 * <p>Also holds generic generators (bounded byte arrays, strings, edge-biased integers, lists, byte
 * mutations); protocol-specific ones are in {@link PgGenerators}.
 */
public final class RandomCases {

  /** System property overriding the base seed. */
  public static final String SEED_PROPERTY = "jitgate.seed";
  /** System property running only the try with this seed (as printed on failure). */
  public static final String TRY_SEED_PROPERTY = "jitgate.trySeed";
  /** The base seed when {@value #SEED_PROPERTY} is not set. */
  public static final long DEFAULT_SEED = 0x6A17_6A7E_2026_0001L;

  private RandomCases() {}

  /** One try of a property, given its own random source. */
  @FunctionalInterface
  public interface Property {
    void check(RandomGenerator random) throws Throwable;
  }

  /** Runs {@code property} {@code tries} times; the property name is the calling method. */
  public static void forAll(int tries, Property property) {
    StackWalker.StackFrame caller =
        StackWalker.getInstance().walk(frames -> frames.skip(1).findFirst()).orElseThrow();
    forAll(caller.getClassName() + "." + caller.getMethodName(), tries, property);
  }

  /** Runs {@code property} {@code tries} times under {@code name} (which also salts the seeds). */
  public static void forAll(String name, int tries, Property property) {
    long baseSeed = seedProperty(SEED_PROPERTY, DEFAULT_SEED);
    String replay = System.getProperty(TRY_SEED_PROPERTY);
    if (replay != null && !replay.isBlank()) {
      runTry(name, property, baseSeed, Long.decode(replay.trim()), 0, 1);
      return;
    }
    SplittableRandom seeds = new SplittableRandom(baseSeed ^ mix(name.hashCode()));
    for (int i = 0; i < tries; i++) {
      runTry(name, property, baseSeed, seeds.nextLong(), i, tries);
    }
  }

  private static void runTry(String name, Property property, long baseSeed, long trySeed, int index, int tries) {
    try {
      property.check(new SplittableRandom(trySeed));
    } catch (Throwable t) {
      throw new AssertionError(
          String.format(
              "Property %s failed on try %d of %d.%n"
                  + "  base seed %d (rerun all tries: -D%s=%d)%n"
                  + "  try seed %d (replay this try only: -D%s=%d)%n%s",
              name, index + 1, tries, baseSeed, SEED_PROPERTY, baseSeed, trySeed, TRY_SEED_PROPERTY, trySeed, t),
          t);
    }
  }

  private static long seedProperty(String key, long fallback) {
    String value = System.getProperty(key);
    return value == null || value.isBlank() ? fallback : Long.decode(value.trim());
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
    z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
    return z ^ (z >>> 33);
  }

  // ---------------------------------------------------------------- numbers

  /** {@code lo..hi} inclusive, uniform but with the bounds and values next to {@code lo} mixed in. */
  public static int intBetween(RandomGenerator r, int lo, int hi) {
    int p = r.nextInt(20);
    if (p == 0) {
      return lo;
    }
    if (p == 1) {
      return hi;
    }
    if (p == 2 && (long) hi - lo > 8) {
      return lo + r.nextInt(8);
    }
    return (int) r.nextLong(lo, (long) hi + 1);
  }

  /** Any int; 0, ±1, MIN, MAX and small values come up often. */
  public static int anyInt(RandomGenerator r) {
    return switch (r.nextInt(10)) {
      case 0 -> pick(r, 0, 1, -1, Integer.MIN_VALUE, Integer.MAX_VALUE);
      case 1 -> r.nextInt(-100, 101);
      default -> r.nextInt();
    };
  }

  /** Any long; 0, ±1, MIN, MAX come up often. */
  public static long anyLong(RandomGenerator r) {
    return r.nextInt(10) == 0 ? pick(r, 0L, 1L, -1L, Long.MIN_VALUE, Long.MAX_VALUE) : r.nextLong();
  }

  /** Any short; 0, ±1, MIN, MAX come up often. */
  public static short anyShort(RandomGenerator r) {
    return (short) intBetween(r, Short.MIN_VALUE, Short.MAX_VALUE);
  }

  /** Any byte; 0, ±1, MIN, MAX come up often. */
  public static byte anyByte(RandomGenerator r) {
    return r.nextInt(10) == 0 ? pick(r, (byte) 0, (byte) 1, (byte) -1, Byte.MIN_VALUE, Byte.MAX_VALUE) : (byte) r.nextInt();
  }

  // ---------------------------------------------------------------- byte arrays and strings

  /** A length in {@code min..max}: empty/min and max come up often. */
  public static int size(RandomGenerator r, int min, int max) {
    return intBetween(r, min, max);
  }

  /** Random bytes, 0 to {@code maxSize} long. */
  public static byte[] bytes(RandomGenerator r, int maxSize) {
    return bytes(r, 0, maxSize);
  }

  /** Random bytes, {@code minSize} to {@code maxSize} long; sometimes all of one edge value. */
  public static byte[] bytes(RandomGenerator r, int minSize, int maxSize) {
    byte[] b = new byte[size(r, minSize, maxSize)];
    if (r.nextInt(20) == 0) {
      java.util.Arrays.fill(b, anyByte(r));
    } else {
      r.nextBytes(b);
    }
    return b;
  }

  /** A string of 0 to {@code maxLength} characters drawn from {@code alphabet}. */
  public static String stringOf(RandomGenerator r, String alphabet, int maxLength) {
    char[] c = new char[size(r, 0, maxLength)];
    for (int i = 0; i < c.length; i++) {
      c[i] = alphabet.charAt(r.nextInt(alphabet.length()));
    }
    return new String(c);
  }

  /**
   * A string of {@code minLength} to {@code maxLength} characters, each uniform over the union of the
   * inclusive ranges given as pairs {@code lo1, hi1, lo2, hi2, ...}.
   */
  public static String stringInRanges(RandomGenerator r, int minLength, int maxLength, char... ranges) {
    int total = 0;
    for (int i = 0; i < ranges.length; i += 2) {
      total += ranges[i + 1] - ranges[i] + 1;
    }
    char[] c = new char[size(r, minLength, maxLength)];
    for (int i = 0; i < c.length; i++) {
      int k = r.nextInt(total);
      int j = 0;
      while (k > ranges[j + 1] - ranges[j]) {
        k -= ranges[j + 1] - ranges[j] + 1;
        j += 2;
      }
      c[i] = (char) (ranges[j] + k);
    }
    return new String(c);
  }

  /**
   * A string without NUL or lone surrogates: half the time ASCII ({@code minLength} to {@code
   * maxAsciiLength} chars), half the time wider BMP characters ({@code minLength} to {@code
   * maxWideLength} chars).
   */
  public static String textWithoutNul(RandomGenerator r, int minLength, int maxAsciiLength, int maxWideLength) {
    return r.nextBoolean()
        ? stringInRanges(r, minLength, maxAsciiLength, '\u0001', '\u007f')
        : stringInRanges(r, minLength, maxWideLength, '\u0001', '\uD7FF', '\uE000', '\uFFFD');
  }

  // ---------------------------------------------------------------- choices and collections

  @SafeVarargs
  public static <T> T pick(RandomGenerator r, T... choices) {
    return choices[r.nextInt(choices.length)];
  }

  public static <T> T pick(RandomGenerator r, List<T> choices) {
    return choices.get(r.nextInt(choices.size()));
  }

  /** {@code null} with probability {@code p}, else a generated value. */
  public static <T> T orNull(RandomGenerator r, double p, Function<RandomGenerator, T> gen) {
    return r.nextDouble() < p ? null : gen.apply(r);
  }

  /** A list of {@code min} to {@code max} generated elements. */
  public static <T> List<T> listOf(RandomGenerator r, int min, int max, Function<RandomGenerator, T> gen) {
    int n = size(r, min, max);
    List<T> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(gen.apply(r));
    }
    return out;
  }

  // ---------------------------------------------------------------- mutations

  /** One edit of a byte array; positions are reduced modulo the array length when applied. */
  public record Mutation(int kind, int position, byte value) {

    /** Flip, insert, delete or overwrite-with-extreme; a position biased to the start (headers). */
    public static Mutation random(RandomGenerator r) {
      int position = r.nextBoolean() ? r.nextInt(16) : r.nextInt(Integer.MAX_VALUE);
      return new Mutation(r.nextInt(4), position, anyByte(r));
    }

    public byte[] apply(byte[] in) {
      return switch (kind) {
        case 0 -> { // flip bits of one byte
          if (in.length == 0) {
            yield in;
          }
          byte[] out = in.clone();
          int p = position % in.length;
          out[p] = (byte) (out[p] ^ (value == 0 ? 1 : value));
          yield out;
        }
        case 1 -> { // insert a byte
          int p = position % (in.length + 1);
          byte[] out = new byte[in.length + 1];
          System.arraycopy(in, 0, out, 0, p);
          out[p] = value;
          System.arraycopy(in, p, out, p + 1, in.length - p);
          yield out;
        }
        case 2 -> { // delete a byte
          if (in.length == 0) {
            yield in;
          }
          int p = position % in.length;
          byte[] out = new byte[in.length - 1];
          System.arraycopy(in, 0, out, 0, p);
          System.arraycopy(in, p + 1, out, p, in.length - p - 1);
          yield out;
        }
        default -> { // overwrite a byte with an extreme value (0x00, 0x7f, 0x80, 0xff)
          if (in.length == 0) {
            yield in;
          }
          byte[] out = in.clone();
          out[position % in.length] = new byte[] {0, 0x7f, (byte) 0x80, (byte) 0xff}[value & 3];
          yield out;
        }
      };
    }
  }

  /** 1 to 4 random mutations. */
  public static List<Mutation> mutations(RandomGenerator r) {
    return listOf(r, 1, 4, Mutation::random);
  }

  /** {@code valid} with 1 to 4 random mutations applied. */
  public static byte[] mutated(RandomGenerator r, byte[] valid) {
    byte[] b = valid;
    for (Mutation m : mutations(r)) {
      b = m.apply(b);
    }
    return b;
  }
}
