package dev.jitgate.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jitgate.access.model.AccessRequest;
import dev.jitgate.app.CliContext;
import dev.jitgate.app.ExitCodes;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jitgate approve|deny|cancel <id>}: moves an access request on and shows it. */
public abstract sealed class DecisionCommand extends ApiCommand
    permits DecisionCommand.Approve, DecisionCommand.Deny, DecisionCommand.Cancel {

  @Parameters(index = "0", paramLabel = "<request-id>", description = "The access request's id (see: jitgate requests).")
  String id;

  private final String action;

  DecisionCommand(CliContext context, String action) {
    super(context);
    this.action = action;
  }

  /** The request body, or null for none. */
  abstract Object body();

  @Override
  protected int run(ApiClient api) {
    JsonNode answer = api.post("/v1/access-requests/" + ApiClient.segment(id) + "/" + action, body());
    if (format() == OutputFormat.JSON) {
      printJson(answer);
      return ExitCodes.OK;
    }
    AccessRequest request = as(answer, AccessRequest.class);
    printTable(Views.requests(List.of(request)), "requests");
    if (!request.grantId().isEmpty()) {
      err().println("Grant " + request.grantId() + " is active for " + request.requester() + ".");
    }
    return ExitCodes.OK;
  }

  /** {@code jitgate approve}. */
  @Command(name = "approve", mixinStandardHelpOptions = true,
      description = "Approves an access request (approvers only; never your own). Enough approvals create the grant.")
  public static final class Approve extends DecisionCommand {
    @Option(names = "--comment", paramLabel = "<text>", description = "Optional comment, kept with the approval.")
    String comment;

    public Approve(CliContext context) {
      super(context, "approve");
    }

    @Override
    Object body() {
      return comment == null ? null : Map.of("comment", comment);
    }
  }

  /** {@code jitgate deny}. */
  @Command(name = "deny", mixinStandardHelpOptions = true, description = "Denies an access request (approvers only).")
  public static final class Deny extends DecisionCommand {
    @Option(names = "--comment", paramLabel = "<text>", description = "Optional comment, shown to the requester.")
    String comment;

    public Deny(CliContext context) {
      super(context, "deny");
    }

    @Override
    Object body() {
      return comment == null ? null : Map.of("comment", comment);
    }
  }

  /** {@code jitgate cancel}. */
  @Command(name = "cancel", mixinStandardHelpOptions = true, description = "Cancels your own pending access request.")
  public static final class Cancel extends DecisionCommand {
    public Cancel(CliContext context) {
      super(context, "cancel");
    }

    @Override
    Object body() {
      return null;
    }
  }
}
