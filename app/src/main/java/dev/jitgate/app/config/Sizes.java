package dev.jitgate.app.config;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses byte sizes as written in the configuration: a whole number of bytes ({@code 1048576}) or a number
 * with a binary unit ({@code 512KiB}, {@code 64MiB}, {@code 1GiB}, {@code 2TiB}; {@code B} for bytes).
 * Decimal units ({@code MB}) are refused so that nobody wonders whether 1000 or 1024 was meant.
 */
public final class Sizes {

  /** How the accepted forms are described in error messages. */
  public static final String FORMS = "use bytes or a binary unit, e.g. 65536, 512KiB, 64MiB, 1GiB";

  private static final Pattern SIZE = Pattern.compile("(\\d{1,18})\\s*(b|kib|mib|gib|tib)?");

  private Sizes() {}

  /** The size in bytes, or empty when {@code text} is not an accepted form or does not fit a long. */
  public static Optional<Long> parse(String text) {
    Matcher m = SIZE.matcher(text.strip().replace("_", "").toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      return Optional.empty();
    }
    long number = Long.parseLong(m.group(1));
    int shift = m.group(2) == null ? 0 : switch (m.group(2)) {
      case "b" -> 0;
      case "kib" -> 10;
      case "mib" -> 20;
      case "gib" -> 30;
      case "tib" -> 40;
      default -> throw new IllegalStateException("unit outside the pattern: " + m.group(2));
    };
    if (shift > 0 && number > (Long.MAX_VALUE >> shift)) {
      return Optional.empty();
    }
    return Optional.of(number << shift);
  }

  /** The shortest exact spelling of {@code bytes}, e.g. {@code 64MiB}, {@code 1GiB}, {@code 1000}. */
  public static String format(long bytes) {
    String[] units = {"TiB", "GiB", "MiB", "KiB"};
    int[] shifts = {40, 30, 20, 10};
    for (int i = 0; i < units.length; i++) {
      long unit = 1L << shifts[i];
      if (bytes != 0 && bytes % unit == 0) {
        return bytes / unit + units[i];
      }
    }
    return Long.toString(bytes);
  }
}
