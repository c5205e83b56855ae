package dev.jitgate.app.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses durations as written in the configuration: {@code 500ms}, {@code 10s}, {@code 5m}, {@code 1h},
 * {@code 2d}, combinations such as {@code 1h30m}, a bare {@code 0}, or ISO-8601 ({@code PT10S}).
 */
public final class Durations {

  /** How the accepted forms are described in error messages. */
  public static final String FORMS = "use e.g. 500ms, 10s, 5m, 1h, 2d or ISO-8601 PT10S";

  private static final Pattern PART = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");
  private static final Pattern WHOLE = Pattern.compile("(?:\\d{1,9}(?:ms|s|m|h|d))+");

  private Durations() {}

  /** The duration, or empty when {@code text} is none of the accepted forms or negative. */
  public static Optional<Duration> parse(String text) {
    String s = text.strip();
    if (s.equals("0")) {
      return Optional.of(Duration.ZERO);
    }
    if (s.startsWith("P") || s.startsWith("p")) {
      try {
        Duration d = Duration.parse(s.toUpperCase(Locale.ROOT));
        return d.isNegative() ? Optional.empty() : Optional.of(d);
      } catch (DateTimeParseException e) {
        return Optional.empty();
      }
    }
    if (!WHOLE.matcher(s).matches()) {
      return Optional.empty();
    }
    Duration total = Duration.ZERO;
    Matcher m = PART.matcher(s);
    while (m.find()) {
      long n = Long.parseLong(m.group(1));
      total = total.plus(switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        case "d" -> Duration.ofDays(n);
        default -> throw new IllegalStateException("unit outside the pattern: " + m.group(2));
      });
    }
    return Optional.of(total);
  }

  /** The shortest configuration spelling of {@code d}, e.g. {@code 30s}, {@code 1h}, {@code 500ms}. */
  public static String format(Duration d) {
    if (d.isZero()) {
      return "0";
    }
    long ms = d.toMillis();
    long[] factors = {86_400_000L, 3_600_000L, 60_000L, 1000L};
    String[] units = {"d", "h", "m", "s"};
    for (int i = 0; i < factors.length; i++) {
      if (ms % factors[i] == 0) {
        return ms / factors[i] + units[i];
      }
    }
    return ms + "ms";
  }
}
