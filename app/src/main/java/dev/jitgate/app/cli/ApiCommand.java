package dev.jitgate.app.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jitgate.access.json.AccessJson;
import dev.jitgate.app.CliContext;
import dev.jitgate.app.ExitCodes;
import java.io.PrintWriter;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * A {@code jitgate} subcommand that calls the admin API: resolves the URL and token, runs {@link #run},
 * and turns API problems and network failures into a message on stderr and exit code 1. The token is
 * never printed.
 */
public abstract class ApiCommand implements Callable<Integer> {

  @Mixin ApiOptions options;

  @Spec CommandSpec spec;

  private final CliContext context;
  /** Reads what the API writes; unknown fields are ignored (a newer server may add some). */
  protected final ObjectMapper json = AccessJson.lenient();

  protected ApiCommand(CliContext context) {
    this.context = Objects.requireNonNull(context, "context");
  }

  /** Does the command's work; returns the exit code. */
  protected abstract int run(ApiClient api);

  @Override
  public final Integer call() {
    URI uri = options.apiUri(context.environment()).orElseThrow(() -> usage(
        "the admin API URL (--api or " + ApiOptions.API_VARIABLE + ") must be an http(s) URL such as "
            + ApiOptions.DEFAULT_API));
    String token = options.token(context.environment()).orElseThrow(() -> usage(
        "no API token: set " + ApiOptions.TOKEN_VARIABLE + " (or pass --token)"));
    try (ApiClient api = new ApiClient(uri, token, json)) {
      return run(api);
    } catch (ApiFailure failure) {
      report(failure);
      return ExitCodes.FAILURE;
    } finally {
      out().flush();
      err().flush();
    }
  }

  /** A command-line error (exit code 2, with usage help). */
  protected ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }

  protected OutputFormat format() {
    return options.output();
  }

  protected PrintWriter out() {
    return spec.commandLine().getOut();
  }

  protected PrintWriter err() {
    return spec.commandLine().getErr();
  }

  /** Prints {@code node} as indented JSON. */
  protected void printJson(JsonNode node) {
    try {
      out().println(json.writerWithDefaultPrettyPrinter().writeValueAsString(node));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot print JSON", e);
    }
  }

  /** Prints a table, or a note on stderr when it has no rows. */
  protected void printTable(Table table, String noun) {
    if (table.isEmpty()) {
      err().println("No " + noun + " found.");
    } else {
      out().print(table.render());
    }
  }

  /** The {@code items} of a list answer as {@code type}. */
  protected <T> List<T> items(JsonNode answer, Class<T> type) {
    List<T> items = new ArrayList<>();
    for (JsonNode item : answer.path("items")) {
      items.add(as(item, type));
    }
    return items;
  }

  /** One answer as {@code type}. */
  protected <T> T as(JsonNode node, Class<T> type) {
    try {
      return json.treeToValue(node, type);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw new ApiFailure.Problem(200, "Unexpected answer",
          "the API's answer is not a " + type.getSimpleName() + " (" + e.getMessage().lines().findFirst().orElse("")
              + "); are the CLI and the server the same version?", "", List.of());
    }
  }

  private void report(ApiFailure failure) {
    String prefix = spec.qualifiedName() + ": ";
    switch (failure) {
      case ApiFailure.Problem p -> {
        StringBuilder line = new StringBuilder(prefix).append(p.title());
        if (!p.detail().isEmpty()) {
          line.append(": ").append(p.detail());
        }
        if (!p.field().isEmpty() && !p.detail().startsWith(p.field() + ":")) {
          line.append(" (field: ").append(p.field()).append(')');
        }
        err().println(Table.safe(line.toString()));
        for (ApiFailure.FieldError e : p.errors()) {
          err().println(Table.safe("  " + e.field() + ": " + e.detail()));
        }
        if (p.status() == 401) {
          err().println("Check the token in " + ApiOptions.TOKEN_VARIABLE + " (or --token): it may be mistyped,"
              + " expired or revoked.");
        }
      }
      case ApiFailure.Unreachable u -> err().println(prefix + "cannot reach the admin API at " + u.api() + ": "
          + u.getMessage() + ". Is jitgate admin running there? Set --api or " + ApiOptions.API_VARIABLE + ".");
    }
  }
}
