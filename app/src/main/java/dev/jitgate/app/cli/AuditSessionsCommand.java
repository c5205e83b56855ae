package dev.jitgate.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jitgate.app.CliContext;
import dev.jitgate.app.ExitCodes;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code jitgate audit sessions}: searches audited sessions, newest first. */
@Command(name = "sessions", mixinStandardHelpOptions = true,
    description = "Lists audited sessions, newest first, by engineer, database, time, risk flag or text.")
public final class AuditSessionsCommand extends ApiCommand {

  @Mixin AuditFilterOptions filters;

  @Option(names = "--flag", paramLabel = "<flag>",
      description = "Only sessions with this risk flag, e.g. ddl, role_change, delete_without_where, "
          + "permission_denied, many_rows, chain_broken.")
  String flag;

  @Option(names = {"-q", "--text"}, paramLabel = "<words>",
      description = "Only sessions with a statement containing every word.")
  String text;

  @Option(names = "--limit", defaultValue = "100", paramLabel = "<n>", description = "At most this many (1-1000, default 100).")
  int limit;

  private final Clock clock;

  public AuditSessionsCommand(CliContext context) {
    this(context, Clock.systemUTC());
  }

  AuditSessionsCommand(CliContext context, Clock clock) {
    super(context);
    this.clock = clock;
  }

  @Override
  protected int run(ApiClient api) {
    Map<String, String> query = new LinkedHashMap<>();
    filters.addTo(query, clock);
    query.put("flag", flag);
    query.put("q", text);
    query.put("limit", Integer.toString(limit));
    JsonNode answer = api.get("/v1/audit/sessions", query);
    if (format() == OutputFormat.JSON) {
      printJson(answer.path("items"));
    } else {
      printTable(AuditViews.sessions(items(answer, AuditViews.Session.class)), "audited sessions");
    }
    return ExitCodes.OK;
  }
}
