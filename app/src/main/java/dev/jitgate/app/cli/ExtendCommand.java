package dev.jitgate.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jitgate.access.model.AccessRequest;
import dev.jitgate.access.model.RequestState;
import dev.jitgate.app.CliContext;
import dev.jitgate.app.ExitCodes;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jitgate extend <grant-id> --for 1h}: asks for more time on an active grant. */
@Command(name = "extend", mixinStandardHelpOptions = true,
    description = "Requests an extension of your active grant; it goes through the same approval as a new request.")
public final class ExtendCommand extends ApiCommand {

  @Parameters(index = "0", paramLabel = "<grant-id>", description = "The grant to extend (see: jitgate grants --mine).")
  String id;

  @Option(names = "--for", required = true, paramLabel = "<duration>", description = "How much longer, e.g. 1h.")
  String duration;

  @Option(names = "--reason", defaultValue = "", paramLabel = "<text>", description = "Why (some flows require it).")
  String reason;

  public ExtendCommand(CliContext context) {
    super(context);
  }

  @Override
  protected int run(ApiClient api) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("duration", duration);
    body.put("reason", reason);
    JsonNode answer = api.post("/v1/grants/" + ApiClient.segment(id) + "/extend", body);
    if (format() == OutputFormat.JSON) {
      printJson(answer);
      return ExitCodes.OK;
    }
    AccessRequest request = as(answer, AccessRequest.class);
    printTable(Views.requests(List.of(request)), "requests");
    if (request.state() == RequestState.PENDING) {
      err().println("Extension request " + request.id() + " is waiting for approval.");
    }
    return ExitCodes.OK;
  }
}
