package dev.jitgate.app;

import dev.jitgate.app.config.ConfigLoader;
import dev.jitgate.app.runtime.OsStopSignals;
import dev.jitgate.app.runtime.RunningEndpoints;
import dev.jitgate.app.runtime.StopSignals;
import java.io.Console;
import java.io.InputStream;
import java.net.URI;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * What the commands take from their surroundings, so tests can run them in-process with their own
 * environment, input and stop button.
 *
 * @param environment environment variables ({@code JITGATE_…} overrides, {@code env:} secrets)
 * @param stdin standard input
 * @param console the interactive console, or null when there is none
 * @param stopSignals where a request to stop comes from
 * @param onStarted told where a started proxy listens
 * @param onAdminStarted told the base URL of a started admin API
 */
public record CliContext(
    Map<String, String> environment,
    InputStream stdin,
    Supplier<Console> console,
    StopSignals stopSignals,
    Consumer<RunningEndpoints> onStarted,
    Consumer<URI> onAdminStarted) {

  public CliContext {
    environment = Map.copyOf(environment);
    Objects.requireNonNull(stdin, "stdin");
    Objects.requireNonNull(console, "console");
    Objects.requireNonNull(stopSignals, "stopSignals");
    Objects.requireNonNull(onStarted, "onStarted");
    Objects.requireNonNull(onAdminStarted, "onAdminStarted");
  }

  /** A context whose started admin API is not reported anywhere. */
  public CliContext(Map<String, String> environment, InputStream stdin, Supplier<Console> console,
      StopSignals stopSignals, Consumer<RunningEndpoints> onStarted) {
    this(environment, stdin, console, stopSignals, onStarted, uri -> { });
  }

  /** The real process: its environment, stdin, console and signals. */
  public static CliContext system() {
    return new CliContext(System.getenv(), System.in, System::console, new OsStopSignals(), endpoints -> { });
  }

  /** A configuration loader over this context's environment. */
  public ConfigLoader configLoader() {
    return ConfigLoader.withEnvironment(environment);
  }

  @Override
  public String toString() {
    // The environment may hold secrets; never print it.
    return "CliContext[environment=<" + environment.size() + " variables>]";
  }
}
