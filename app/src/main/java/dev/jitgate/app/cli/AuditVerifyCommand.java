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

/**
 * {@code jitgate audit verify}: re-verifies from storage the hash chains of the sessions of a time range.
 * Exits {@link ExitCodes#FAILURE} when any chain is broken (or not every session could be checked).
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
    description = {"Re-verifies the hash chains of the sessions active in a time range: finds audit events"
        + " removed or altered after they were stored.",
      "Exit code 0 when every chain is intact, 1 when any is not (or when more sessions matched than --limit)."})
public final class AuditVerifyCommand extends ApiCommand {

  @Mixin AuditTimeRange range;

  @Option(names = "--limit", defaultValue = "10000", paramLabel = "<n>",
      description = "Check at most this many sessions (1-10000, default 10000).")
  int limit;

  private final Clock clock;

  public AuditVerifyCommand(CliContext context) {
    this(context, Clock.systemUTC());
  }

  AuditVerifyCommand(CliContext context, Clock clock) {
    super(context);
    this.clock = clock;
  }

  @Override
  protected int run(ApiClient api) {
    Map<String, String> query = new LinkedHashMap<>();
    range.addTo(query, clock);
    query.put("limit", Integer.toString(limit));
    JsonNode answer = api.get("/v1/audit/verify", query);
    AuditViews.Report report = as(answer, AuditViews.Report.class);
    if (format() == OutputFormat.JSON) {
      printJson(answer);
    } else if (report.intact()) {
      out().println("Checked " + report.sessionsChecked() + " sessions, " + report.eventsChecked()
          + " events: every hash chain is intact.");
    } else {
      out().print(AuditViews.problems(report).render());
    }
    if (!report.intact()) {
      err().println("Verification failed: " + report.problems().size() + " of " + report.sessionsChecked()
          + " sessions have findings.");
    }
    if (report.truncated()) {
      err().println("Only the first " + report.sessionsChecked() + " sessions were checked; narrow --from/--to or"
          + " raise --limit.");
    }
    return report.intact() && !report.truncated() ? ExitCodes.OK : ExitCodes.FAILURE;
  }
}
