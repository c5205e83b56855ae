package dev.jitgate.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jitgate.app.CliContext;
import dev.jitgate.app.ExitCodes;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code jitgate audit alerts}: the integrity alerts the auditor found at ingest, newest first. */
@Command(name = "alerts", mixinStandardHelpOptions = true,
    description = "Lists the hash-chain and sequence problems found at ingest (events missing, altered, reordered"
        + " or conflicting), newest first.")
public final class AuditAlertsCommand extends ApiCommand {

  @Mixin AuditTimeRange range;

  @Option(names = "--limit", defaultValue = "100", paramLabel = "<n>", description = "At most this many (1-1000, default 100).")
  int limit;

  private final Clock clock;

  public AuditAlertsCommand(CliContext context) {
    this(context, Clock.systemUTC());
  }

  AuditAlertsCommand(CliContext context, Clock clock) {
    super(context);
    this.clock = clock;
  }

  @Override
  protected int run(ApiClient api) {
    Map<String, String> query = new LinkedHashMap<>();
    range.addTo(query, clock);
    query.put("limit", Integer.toString(limit));
    JsonNode answer = api.get("/v1/audit/alerts", query);
    if (format() == OutputFormat.JSON) {
      printJson(answer.path("items"));
    } else {
      printTable(AuditViews.sessionAlerts(items(answer, AuditViews.SessionAlert.class)), "integrity alerts");
    }
    return ExitCodes.OK;
  }
}
