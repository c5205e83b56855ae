package dev.jitgate.access.model;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as people write them: {@code 90s}, {@code 30m}, {@code 2h}, {@code 1d}, {@code 1d12h},
 * {@code 1h30m}; ISO-8601 ({@code PT2H}) is accepted too. Formatting gives the compact form.
 */
public final class DurationText {
  private static final Pattern COMPACT = Pattern.compile("(?:(\\d{1,5})d)?(?:(\\d{1,6})h)?(?:(\\d{1,7})m)?(?:(\\d{1,9})s)?");

  private DurationText() {}

  /**
   * Parses {@code text}; throws {@link InvalidFieldException} naming {@code field} when it is not a
   * positive duration in one of the accepted forms.
   */
  public static Duration parse(String field, String text) {
    if (text == null || text.isBlank()) {
      throw new InvalidFieldException(field, "is required (e.g. 30m, 2h, 1d)");
    }
    String t = text.trim();
    Duration d;
    if (t.startsWith("P") || t.startsWith("p")) {
      try {
        d = Duration.parse(t);
      } catch (DateTimeParseException e) {
        throw invalid(field);
      }
    } else {
      Matcher m = COMPACT.matcher(t);
      if (!m.matches()) {
        throw invalid(field);
      }
      d = Duration.ZERO;
      d = d.plusDays(group(m, 1)).plusHours(group(m, 2)).plusMinutes(group(m, 3)).plusSeconds(group(m, 4));
    }
    if (d.isZero() || d.isNegative()) {
      throw new InvalidFieldException(field, "must be positive");
    }
    return d;
  }

  /** The compact form, e.g. {@code 1d2h30m}; sub-second parts are dropped; zero is {@code 0s}. */
  public static String format(Duration duration) {
    long seconds = duration.getSeconds();
    if (seconds <= 0) {
      return "0s";
    }
    StringBuilder sb = new StringBuilder();
    long days = seconds / 86_400;
    long hours = seconds % 86_400 / 3600;
    long minutes = seconds % 3600 / 60;
    long secs = seconds % 60;
    if (days > 0) {
      sb.append(days).append('d');
    }
    if (hours > 0) {
      sb.append(hours).append('h');
    }
    if (minutes > 0) {
      sb.append(minutes).append('m');
    }
    if (secs > 0) {
      sb.append(secs).append('s');
    }
    return sb.toString();
  }

  private static long group(Matcher m, int i) {
    String g = m.group(i);
    return g == null ? 0 : Long.parseLong(g);
  }

  private static InvalidFieldException invalid(String field) {
    return new InvalidFieldException(field, "is not a duration (e.g. 30m, 2h, 1d, 1h30m or PT2H)");
  }
}
