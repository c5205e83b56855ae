package dev.jitgate.app.cli;

import java.time.Clock;
import java.util.Map;
import picocli.CommandLine.Option;

/** The {@code --from} / {@code --to} options of the audit commands that take a time range and nothing else. */
public final class AuditTimeRange {

  @Option(names = "--from", paramLabel = "<time>",
      description = "From this time (RFC 3339, or a duration ago such as 24h); default: the beginning.")
  String from;

  @Option(names = "--to", paramLabel = "<time>",
      description = "Until this time, exclusive (RFC 3339, or a duration ago such as 1h); default: now.")
  String to;

  /** Puts the bounds that are set, resolved against {@code clock}, into {@code query}. */
  void addTo(Map<String, String> query, Clock clock) {
    AuditFilterOptions.addTimes(query, from, to, clock);
  }
}
