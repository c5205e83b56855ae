package dev.jitgate.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jitgate.access.model.AccessFlow;
import dev.jitgate.app.CliContext;
import dev.jitgate.app.ExitCodes;
import java.util.Map;
import picocli.CommandLine.Command;

/** {@code jitgate flows}: lists access flows (who may request what, for how long, approved by whom). */
@Command(name = "flows", mixinStandardHelpOptions = true,
    description = "Lists access flows: who may request which databases, for how long, and who approves.")
public final class FlowsCommand extends ApiCommand {

  public FlowsCommand(CliContext context) {
    super(context);
  }

  @Override
  protected int run(ApiClient api) {
    JsonNode answer = api.get("/v1/access-flows", Map.of());
    if (format() == OutputFormat.JSON) {
      printJson(answer.path("items"));
    } else {
      printTable(Views.flows(items(answer, AccessFlow.class)), "access flows");
    }
    return ExitCodes.OK;
  }
}
