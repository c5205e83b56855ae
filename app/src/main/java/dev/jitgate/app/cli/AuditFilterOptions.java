package dev.jitgate.app.cli;

import dev.jitgate.access.model.DurationText;
import dev.jitgate.access.model.InvalidFieldException;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The filters the audit commands share. Times are RFC 3339 ({@code 2026-11-29T12:00:00Z}) or a duration
 * meaning "that long ago" ({@code 30m}, {@code 24h}, {@code 7d}); anything else is passed on for the API to
 * refuse with the parameter named.
 */
public final class AuditFilterOptions {

  @Option(names = "--principal", paramLabel = "<user>", description = "Only this engineer.")
  String principal;

  @Option(names = "--integration", paramLabel = "<name>", description = "Only this integration.")
  String integration;

  @Option(names = "--database", paramLabel = "<name>", description = "Only this database.")
  String database;

  @Option(names = "--from", paramLabel = "<time>",
      description = "From this time (RFC 3339, or a duration ago such as 24h).")
  String from;

  @Option(names = "--to", paramLabel = "<time>",
      description = "Until this time, exclusive (RFC 3339, or a duration ago such as 1h).")
  String to;

  /** Puts the filters that are set into {@code query}. */
  void addTo(Map<String, String> query, Clock clock) {
    query.put("principal", principal);
    query.put("integration", integration);
    query.put("database", database);
    addTimes(query, from, to, clock);
  }

  /** Puts {@code from} and {@code to} (resolved against {@code clock}) into {@code query}. */
  static void addTimes(Map<String, String> query, String from, String to, Clock clock) {
    query.put("from", time(from, clock));
    query.put("to", time(to, clock));
  }

  /** {@code text} as an instant: a duration is "that long before now"; other text is kept for the API to check. */
  static String time(String text, Clock clock) {
    if (text == null || text.isBlank()) {
      return null;
    }
    String t = text.strip();
    if (Character.isDigit(t.charAt(0)) && t.length() <= 12 && !t.contains("-") && !t.contains(":")) {
      try {
        Duration ago = DurationText.parse("time", t);
        return clock.instant().truncatedTo(ChronoUnit.SECONDS).minus(ago).toString();
      } catch (InvalidFieldException e) {
        return t;
      }
    }
    return t;
  }
}
