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

/** {@code jitgate request <integration>/<database>}: asks for time-boxed access. */
@Command(
    name = "request",
    mixinStandardHelpOptions = true,
    description = {
      "Requests time-boxed access to a database, e.g.",
      "  jitgate request prod/orders --permission read --for 2h --reason \"INC-123 refund check\"",
      "Under an automatic flow the request is approved at once; otherwise approvers are asked."
    })
public final class RequestCommand extends ApiCommand {

  @Parameters(index = "0", paramLabel = "<integration>/<database>", description = "What to access, e.g. prod/orders.")
  String target;

  @Option(names = "--permission", defaultValue = "read", paramLabel = "<permission>",
      description = "read (default), write, admin, or a role the integration offers.")
  String permission;

  @Option(names = "--for", required = true, paramLabel = "<duration>", description = "How long, e.g. 30m, 2h, 1d.")
  String duration;

  @Option(names = "--reason", defaultValue = "", paramLabel = "<text>", description = "Why (some flows require it).")
  String reason;

  public RequestCommand(CliContext context) {
    super(context);
  }

  @Override
  protected int run(ApiClient api) {
    int slash = target.indexOf('/');
    if (slash <= 0 || slash == target.length() - 1) {
      throw usage("expected <integration>/<database>, e.g. prod/orders; got \"" + Table.safe(target) + "\"");
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("integration", target.substring(0, slash));
    body.put("database", target.substring(slash + 1));
    body.put("permission", permission);
    body.put("duration", duration);
    body.put("reason", reason);
    JsonNode answer = api.post("/v1/access-requests", body);
    if (format() == OutputFormat.JSON) {
      printJson(answer);
      return ExitCodes.OK;
    }
    AccessRequest request = as(answer, AccessRequest.class);
    printTable(Views.requests(List.of(request)), "requests");
    if (request.state() == RequestState.APPROVED && !request.grantId().isEmpty()) {
      err().println("Approved at once: grant " + request.grantId() + ". Get a password with: jitgate credentials "
          + request.grantId());
    } else if (request.state() == RequestState.PENDING) {
      err().println("Waiting for approval (flow " + request.flow() + "); follow it with: jitgate requests --mine");
    }
    return ExitCodes.OK;
  }
}
