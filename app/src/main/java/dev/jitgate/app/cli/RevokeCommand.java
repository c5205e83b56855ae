package dev.jitgate.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jitgate.access.model.Grant;
import dev.jitgate.app.CliContext;
import dev.jitgate.app.ExitCodes;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jitgate revoke <grant-id>}: ends a grant now. */
@Command(name = "revoke", mixinStandardHelpOptions = true,
    description = "Revokes a grant at once (approvers, admins, or the holder itself).")
public final class RevokeCommand extends ApiCommand {

  @Parameters(index = "0", paramLabel = "<grant-id>", description = "The grant's id (see: jitgate grants).")
  String id;

  @Option(names = "--reason", paramLabel = "<text>", description = "Why; kept in the audit trail.")
  String reason;

  public RevokeCommand(CliContext context) {
    super(context);
  }

  @Override
  protected int run(ApiClient api) {
    JsonNode answer = api.post("/v1/grants/" + ApiClient.segment(id) + "/revoke",
        reason == null ? null : Map.of("reason", reason));
    if (format() == OutputFormat.JSON) {
      printJson(answer);
    } else {
      printTable(Views.grants(List.of(as(answer, Grant.class))), "grants");
    }
    return ExitCodes.OK;
  }
}
