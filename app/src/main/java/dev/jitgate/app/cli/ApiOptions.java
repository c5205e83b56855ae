package dev.jitgate.app.cli;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The options every admin API command shares: where the API is, the caller's token, the output format. */
public final class ApiOptions {

  /** Environment variable with the API base URL. */
  public static final String API_VARIABLE = "JITGATE_API";
  /** Environment variable with the API token. */
  public static final String TOKEN_VARIABLE = "JITGATE_TOKEN";
  /** Where {@code jitgate admin} listens by default. */
  public static final String DEFAULT_API = "http://127.0.0.1:8080";

  @Option(names = "--api", paramLabel = "<url>",
      description = "Admin API base URL (default: $JITGATE_API, else " + DEFAULT_API + ").")
  String api;

  @Option(names = "--token", paramLabel = "<token>",
      description = "API token (default: $JITGATE_TOKEN, which is safer: arguments are visible in ps).")
  String token;

  @Option(names = {"-o", "--output"}, paramLabel = "table|json", defaultValue = "table",
      description = "Output format: table (default) or json (the API's JSON, pretty-printed).")
  OutputFormat output;

  /** The API base URL from the option, the environment or the default; empty when it is not an http(s) URL. */
  Optional<URI> apiUri(Map<String, String> environment) {
    String text = api != null ? api : environment.getOrDefault(API_VARIABLE, DEFAULT_API);
    String trimmed = text.strip().replaceAll("/+$", "");
    try {
      URI uri = new URI(trimmed);
      boolean http = "http".equals(uri.getScheme()) || "https".equals(uri.getScheme());
      return http && uri.getHost() != null ? Optional.of(uri) : Optional.empty();
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
  }

  /** The token from the option or the environment. */
  Optional<String> token(Map<String, String> environment) {
    String value = token != null ? token : environment.get(TOKEN_VARIABLE);
    return Optional.ofNullable(value).map(String::strip).filter(t -> !t.isEmpty());
  }

  OutputFormat output() {
    return output;
  }
}
