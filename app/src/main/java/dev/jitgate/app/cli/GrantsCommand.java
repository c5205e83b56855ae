package dev.jitgate.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jitgate.access.model.Grant;
import dev.jitgate.app.CliContext;
import dev.jitgate.app.ExitCodes;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code jitgate grants}: lists grants, newest first. */
@Command(
    name = "grants",
    mixinStandardHelpOptions = true,
    description = "Lists grants, newest first: your own, or all that you may see as an approver, auditor or admin.")
public final class GrantsCommand extends ApiCommand {

  @Option(names = "--state", paramLabel = "<state>", description = "active, ended or revoked.")
  String state;

  @Option(names = "--principal", paramLabel = "<user>", description = "Only grants held by this user.")
  String principal;

  @Option(names = "--mine", description = "Only your own grants.")
  boolean mine;

  @Option(names = "--limit", defaultValue = "100", paramLabel = "<n>", description = "At most this many (1-1000, default 100).")
  int limit;

  public GrantsCommand(CliContext context) {
    super(context);
  }

  @Override
  protected int run(ApiClient api) {
    if (mine && principal != null) {
      throw usage("--mine and --principal cannot be combined");
    }
    Map<String, String> query = new LinkedHashMap<>();
    query.put("principal", mine ? Me.principal(api) : principal);
    query.put("state", state);
    query.put("limit", Integer.toString(limit));
    JsonNode answer = api.get("/v1/grants", query);
    if (format() == OutputFormat.JSON) {
      printJson(answer.path("items"));
    } else {
      printTable(Views.grants(items(answer, Grant.class)), "grants");
    }
    return ExitCodes.OK;
  }
}
