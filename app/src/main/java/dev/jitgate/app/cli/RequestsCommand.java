package dev.jitgate.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jitgate.access.model.AccessRequest;
import dev.jitgate.app.CliContext;
import dev.jitgate.app.ExitCodes;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code jitgate requests}: lists access requests, newest first. */
@Command(
    name = "requests",
    mixinStandardHelpOptions = true,
    description = {
      "Lists access requests, newest first: your own, or all that you may see as an approver, auditor or admin."
    })
public final class RequestsCommand extends ApiCommand {

  @Option(names = "--state", paramLabel = "<state>", description = "pending, approved, denied, cancelled or expired.")
  String state;

  @Option(names = "--mine", description = "Only requests you made.")
  boolean mine;

  @Option(names = "--requester", paramLabel = "<user>", description = "Only requests by this user.")
  String requester;

  @Option(names = "--limit", defaultValue = "100", paramLabel = "<n>", description = "At most this many (1-1000, default 100).")
  int limit;

  public RequestsCommand(CliContext context) {
    super(context);
  }

  @Override
  protected int run(ApiClient api) {
    if (mine && requester != null) {
      throw usage("--mine and --requester cannot be combined");
    }
    Map<String, String> query = new LinkedHashMap<>();
    query.put("state", state);
    query.put("requester", mine ? Me.principal(api) : requester);
    query.put("limit", Integer.toString(limit));
    JsonNode answer = api.get("/v1/access-requests", query);
    if (format() == OutputFormat.JSON) {
      printJson(answer.path("items"));
    } else {
      printTable(Views.requests(items(answer, AccessRequest.class)), "access requests");
    }
    return ExitCodes.OK;
  }
}
