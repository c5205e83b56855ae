package dev.jitgate.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jitgate.app.CliContext;
import dev.jitgate.app.ExitCodes;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code jitgate token create}: creates an API token for a user (admins for anyone, others for themselves). */
@Command(
    name = "create",
    mixinStandardHelpOptions = true,
    description = {
      "Creates an API token for a user and prints it once (admins for anyone, others for themselves), e.g.",
      "  jitgate token create --principal bob --name ci --ttl 30d"
    })
public final class TokenCreateCommand extends ApiCommand {

  @Option(names = "--principal", required = true, paramLabel = "<user>", description = "The user the token acts as.")
  String principal;

  @Option(names = "--name", defaultValue = "cli", paramLabel = "<label>", description = "A label (default: cli).")
  String name;

  @Option(names = "--ttl", defaultValue = "30d", paramLabel = "<duration>", description = "Lifetime (default: 30d).")
  String ttl;

  public TokenCreateCommand(CliContext context) {
    super(context);
  }

  @Override
  protected int run(ApiClient api) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("principal", principal);
    body.put("name", name);
    body.put("ttl", ttl);
    JsonNode answer = api.post("/v1/tokens", body);
    if (format() == OutputFormat.JSON) {
      printJson(answer);
      return ExitCodes.OK;
    }
    JsonNode token = answer.path("token");
    out().println(answer.path("secret").asText());
    err().println(Table.safe("API token " + token.path("id").asText() + " for " + token.path("principal").asText()
        + " (" + token.path("name").asText() + "), valid until " + expiry(token.path("expiresAt").asText())
        + ". It is shown only this once; give it to " + token.path("principal").asText() + " as "
        + ApiOptions.TOKEN_VARIABLE + "."));
    return ExitCodes.OK;
  }

  private static String expiry(String text) {
    try {
      return Views.time(java.time.Instant.parse(text));
    } catch (java.time.format.DateTimeParseException e) {
      return text;
    }
  }
}
