package dev.jitgate.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jitgate.access.model.Grant;
import dev.jitgate.app.CliContext;
import dev.jitgate.app.ExitCodes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code jitgate credentials <grant-id>}: issues the grant's password and prints a ready-to-paste psql
 * command. The password is shown once; running the command again replaces it.
 */
@Command(
    name = "credentials",
    mixinStandardHelpOptions = true,
    description = {
      "Issues a password for your active grant and prints a ready-to-paste psql command.",
      "The password is shown once; running this again replaces it (the old one stops working)."
    })
public final class CredentialsCommand extends ApiCommand {

  @Parameters(index = "0", paramLabel = "<grant-id>", description = "Your grant's id (see: jitgate grants --mine).")
  String id;

  public CredentialsCommand(CliContext context) {
    super(context);
  }

  @Override
  protected int run(ApiClient api) {
    JsonNode answer = api.post("/v1/grants/" + ApiClient.segment(id) + "/credentials", null);
    if (format() == OutputFormat.JSON) {
      printJson(answer);
      return ExitCodes.OK;
    }
    String password = answer.path("password").asText("");
    if (password.isEmpty()) {
      throw new ApiFailure.Problem(200, "Unexpected answer", "the API issued no password", "", java.util.List.of());
    }
    Grant grant = as(answer.path("grant"), Grant.class);
    JsonNode connection = answer.path("connection");
    if (connection.isObject()) {
      out().println(Psql.command(
          connection.path("host").asText(),
          connection.path("port").asInt(),
          connection.path("database").asText(grant.integration() + "/" + grant.database()),
          connection.path("user").asText(grant.principal()),
          connection.path("sslmode").asText("verify-full"),
          password));
    } else {
      out().println("password=" + password);
      err().println("The admin API has no admin.proxy-endpoint configured, so no psql command can be built;"
          + " connect to the proxy with dbname=" + grant.integration() + "/" + grant.database()
          + " user=" + grant.principal() + ".");
    }
    err().println("The password is shown only this once; run jitgate credentials " + grant.id()
        + " again to replace it. The grant ends at " + Views.time(grant.endsAt()) + ".");
    return ExitCodes.OK;
  }
}
