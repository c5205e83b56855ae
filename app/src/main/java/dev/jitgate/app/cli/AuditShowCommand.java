package dev.jitgate.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jitgate.app.CliContext;
import dev.jitgate.app.ExitCodes;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code jitgate audit show <session>}: one session, its statements in order with their results, its alerts. */
@Command(name = "show", mixinStandardHelpOptions = true,
    description = "Shows one audited session: who, on which grant, from where, when, its risk flags, and every"
        + " statement in order with its result.")
public final class AuditShowCommand extends ApiCommand {

  @Parameters(index = "0", paramLabel = "<session>", description = "The session id (see: jitgate audit sessions).")
  String session;

  public AuditShowCommand(CliContext context) {
    super(context);
  }

  @Override
  protected int run(ApiClient api) {
    JsonNode answer = api.get("/v1/audit/sessions/" + ApiClient.segment(session), Map.of());
    if (format() == OutputFormat.JSON) {
      printJson(answer);
      return ExitCodes.OK;
    }
    AuditViews.Detail detail = as(answer, AuditViews.Detail.class);
    out().print(AuditViews.header(detail.session()));
    out().println();
    printTable(AuditViews.sessionStatements(detail.statements()), "statements");
    if (!detail.alerts().isEmpty()) {
      out().println();
      out().println("Integrity alerts:");
      out().print(AuditViews.alerts(detail.alerts()));
    }
    return ExitCodes.OK;
  }
}
