package dev.jitgate.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jitgate.app.CliContext;
import dev.jitgate.app.ExitCodes;
import java.util.List;
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
    ObjectNode answer = allPages(api, "/v1/audit/sessions/" + ApiClient.segment(session));
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

  /**
   * The first answer with the statements of every following page appended (the API pages them, following
   * {@code next}); {@code next} is removed. Stops with an error if {@code next} does not move forward.
   */
  private static ObjectNode allPages(ApiClient api, String path) {
    JsonNode first = api.get(path, Map.of());
    if (!(first instanceof ObjectNode answer) || !(answer.get("statements") instanceof ArrayNode statements)) {
      throw new ApiFailure.Problem(200, "Unexpected answer", "the API's answer is not a session", "", List.of());
    }
    JsonNode next = answer.remove("next");
    long after = -1;
    while (next != null && next.canConvertToLong()) {
      if (next.asLong() <= after) {
        throw new ApiFailure.Problem(200, "Unexpected answer",
            "the API's next page (after seq " + next.asLong() + ") does not move forward", "", List.of());
      }
      after = next.asLong();
      JsonNode page = api.get(path, Map.of("after", Long.toString(after)));
      page.path("statements").forEach(statements::add);
      next = page.get("next");
    }
    return answer;
  }
}
