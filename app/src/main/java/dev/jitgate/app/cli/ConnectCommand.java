package dev.jitgate.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jitgate.access.model.AccessRequest;
import dev.jitgate.access.model.Grant;
import dev.jitgate.access.model.RequestState;
import dev.jitgate.app.CliContext;
import dev.jitgate.app.ExitCodes;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code jitgate connect <integration>/<database>}: uses the caller's active grant for the database (or files a
 * request for one), issues the grant's password and runs psql with the connection settings in its environment,
 * like {@code tsh db connect}.
 */
@Command(
    name = "connect",
    mixinStandardHelpOptions = true,
    description = {
      "Connects psql to a database through jitgate with your active grant: issues a fresh password for the grant",
      "(the previous one stops working) and runs psql with PGHOST, PGPORT, PGDATABASE, PGUSER, PGPASSWORD and",
      "PGSSLMODE in its environment. Without an active grant it files a request (--permission, --for, --reason);",
      "if that awaits approval it says so and exits with 1. Exits with psql's exit code."
    })
public final class ConnectCommand extends ApiCommand {

  /** How long a request filed by connect asks for when --for is not given. */
  static final String DEFAULT_DURATION = "1h";

  @Parameters(index = "0", paramLabel = "<integration>/<database>", description = "What to connect to, e.g. prod/orders.")
  String target;

  @Option(names = "--permission", paramLabel = "<permission>",
      description = "The permission to use or request (default: any active grant; read when requesting).")
  String permission;

  @Option(names = "--for", paramLabel = "<duration>",
      description = "How long to request when there is no active grant (default: " + DEFAULT_DURATION + ").")
  String duration;

  @Option(names = "--reason", defaultValue = "", paramLabel = "<text>", description = "Why (for a new request).")
  String reason;

  @Option(names = "--psql", paramLabel = "<path>",
      description = "The psql to run (default: psql on PATH, else " + "/usr/lib/postgresql/15/bin/psql).")
  Path psql;

  @Option(names = "--sslrootcert", paramLabel = "<file>",
      description = "CA certificate to verify the proxy with (sets PGSSLROOTCERT).")
  Path sslRootCert;

  @Option(names = "--print", description = "Print the environment (export lines) instead of running psql.")
  boolean print;

  private final CliContext context;

  public ConnectCommand(CliContext context) {
    super(context);
    this.context = context;
  }

  @Override
  protected int run(ApiClient api) {
    int slash = target.indexOf('/');
    if (slash <= 0 || slash == target.length() - 1) {
      throw usage("expected <integration>/<database>, e.g. prod/orders; got \"" + Table.safe(target) + "\"");
    }
    String integration = target.substring(0, slash);
    String database = target.substring(slash + 1);
    Optional<Path> psqlPath = print ? Optional.empty() : Optional.ofNullable(psql).or(() ->
        PsqlLauncher.find(context.environment()));
    if (!print && psqlPath.isEmpty()) {
      err().println(spec.qualifiedName() + ": psql not found on PATH or at " + PsqlLauncher.DEBIAN_PSQL
          + "; install postgresql-client, pass --psql <path>, or use --print");
      return ExitCodes.FAILURE;
    }
    Optional<Grant> grant = activeGrant(api, integration, database);
    if (grant.isEmpty()) {
      AccessRequest request = request(api, integration, database);
      if (request.state() != RequestState.APPROVED || request.grantId().isEmpty()) {
        if (request.state() == RequestState.PENDING) {
          err().println("No active grant for " + Table.safe(target) + "; filed request " + request.id()
              + ", which awaits approval (flow " + request.flow() + ").");
          err().println("Once it is approved, run this again. Follow it with: jitgate requests --mine");
        } else {
          err().println("No active grant for " + Table.safe(target) + "; request " + request.id() + " is "
              + request.state().name().toLowerCase(java.util.Locale.ROOT) + ".");
        }
        return ExitCodes.FAILURE;
      }
      err().println("Request " + request.id() + " was approved at once: grant " + request.grantId() + ".");
      grant = Optional.of(as(api.get("/v1/grants/" + ApiClient.segment(request.grantId()), Map.of()), Grant.class));
    }
    Map<String, String> settings = credentials(api, grant.get());
    if (print) {
      settings.forEach((name, value) -> out().println("export " + name + "=" + shellQuote(value)));
      return ExitCodes.OK;
    }
    Map<String, String> childEnvironment = new LinkedHashMap<>(context.environment());
    childEnvironment.putAll(settings);
    out().flush();
    err().flush();
    try {
      return PsqlLauncher.run(psqlPath.get(), childEnvironment);
    } catch (IOException e) {
      err().println(spec.qualifiedName() + ": cannot run " + psqlPath.get() + ": " + e.getMessage());
      return ExitCodes.FAILURE;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ExitCodes.FAILURE;
    }
  }

  /** The caller's active grant on the target with the wanted permission, the one ending last. */
  private Optional<Grant> activeGrant(ApiClient api, String integration, String database) {
    JsonNode me = api.get("/v1/me", Map.of());
    List<Grant> grants = new java.util.ArrayList<>();
    for (JsonNode node : me.path("activeGrants")) {
      grants.add(as(node, Grant.class));
    }
    return grants.stream()
        .filter(g -> g.integration().equals(integration) && g.database().equals(database))
        .filter(g -> permission == null || g.permission().name().equals(permission))
        .max(Comparator.comparing(Grant::endsAt));
  }

  private AccessRequest request(ApiClient api, String integration, String database) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("integration", integration);
    body.put("database", database);
    body.put("permission", permission == null ? "read" : permission);
    body.put("duration", duration == null ? DEFAULT_DURATION : duration);
    body.put("reason", reason);
    return as(api.post("/v1/access-requests", body), AccessRequest.class);
  }

  /** Issues the grant's password; the libpq variables for the proxy. */
  private Map<String, String> credentials(ApiClient api, Grant grant) {
    JsonNode answer = api.post("/v1/grants/" + ApiClient.segment(grant.id()) + "/credentials", null);
    String password = answer.path("password").asText("");
    JsonNode connection = answer.path("connection");
    if (password.isEmpty()) {
      throw new ApiFailure.Problem(200, "Unexpected answer", "the API issued no password", "", List.of());
    }
    if (!connection.isObject()) {
      throw new ApiFailure.Problem(200, "No proxy endpoint", "the admin API has no admin.proxy-endpoint configured,"
          + " so it cannot say where the proxy is; ask an admin to set it", "", List.of());
    }
    Map<String, String> env = new LinkedHashMap<>();
    env.put("PGHOST", connection.path("host").asText());
    env.put("PGPORT", Integer.toString(connection.path("port").asInt()));
    env.put("PGDATABASE", connection.path("database").asText(grant.integration() + "/" + grant.database()));
    env.put("PGUSER", connection.path("user").asText(grant.principal()));
    env.put("PGPASSWORD", password);
    env.put("PGSSLMODE", connection.path("sslmode").asText("verify-full"));
    if (sslRootCert != null) {
      env.put("PGSSLROOTCERT", sslRootCert.toAbsolutePath().toString());
    }
    err().println("Grant " + grant.id() + " (" + grant.permission() + " on " + Table.safe(grant.integration() + "/"
        + grant.database()) + ") ends at " + Views.time(grant.endsAt()) + ".");
    return env;
  }

  private static String shellQuote(String value) {
    return "'" + value.replace("'", "'\\''") + "'";
  }
}
