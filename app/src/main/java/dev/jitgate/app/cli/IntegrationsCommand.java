package dev.jitgate.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jitgate.access.model.Integration;
import dev.jitgate.app.CliContext;
import dev.jitgate.app.ExitCodes;
import java.util.Map;
import picocli.CommandLine.Command;

/** {@code jitgate integrations}: lists the databases access can be requested to. */
@Command(name = "integrations", mixinStandardHelpOptions = true,
    description = "Lists integrations: the database servers access can be requested to.")
public final class IntegrationsCommand extends ApiCommand {

  public IntegrationsCommand(CliContext context) {
    super(context);
  }

  @Override
  protected int run(ApiClient api) {
    JsonNode answer = api.get("/v1/integrations", Map.of());
    if (format() == OutputFormat.JSON) {
      printJson(answer.path("items"));
    } else {
      printTable(Views.integrations(items(answer, Integration.class)), "integrations");
    }
    return ExitCodes.OK;
  }
}
