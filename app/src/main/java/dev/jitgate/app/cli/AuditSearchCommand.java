package dev.jitgate.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jitgate.app.CliContext;
import dev.jitgate.app.ExitCodes;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jitgate audit search <words>}: full-text search of the audited statements, newest first. */
@Command(name = "search", mixinStandardHelpOptions = true,
    description = "Finds audited statements containing every given word (plain words: no query syntax), newest"
        + " first.")
public final class AuditSearchCommand extends ApiCommand {

  @Parameters(arity = "0..*", paramLabel = "<word>", description = "Words the SQL must contain.")
  List<String> words;

  @Mixin AuditFilterOptions filters;

  @Option(names = "--limit", defaultValue = "100", paramLabel = "<n>", description = "At most this many (1-1000, default 100).")
  int limit;

  private final Clock clock;

  public AuditSearchCommand(CliContext context) {
    this(context, Clock.systemUTC());
  }

  AuditSearchCommand(CliContext context, Clock clock) {
    super(context);
    this.clock = clock;
  }

  @Override
  protected int run(ApiClient api) {
    Map<String, String> query = new LinkedHashMap<>();
    query.put("q", words == null || words.isEmpty() ? null : String.join(" ", words));
    filters.addTo(query, clock);
    query.put("limit", Integer.toString(limit));
    JsonNode answer = api.get("/v1/audit/statements", query);
    if (format() == OutputFormat.JSON) {
      printJson(answer.path("items"));
    } else {
      printTable(AuditViews.statements(items(answer, AuditViews.Statement.class)), "statements");
    }
    return ExitCodes.OK;
  }
}
