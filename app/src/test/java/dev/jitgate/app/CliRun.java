package dev.jitgate.app;

import dev.jitgate.app.runtime.RunningEndpoints;
import dev.jitgate.app.runtime.StopSignals;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import picocli.CommandLine;

/**
 * Runs one {@code jitgate} command line in-process and keeps what it printed.
 *
 * @param exitCode the command's exit code
 * @param out what it printed to standard output
 * @param err what it printed to standard error
 */
record CliRun(int exitCode, String out, String err) {

  /** Runs {@code args} with {@code env} as the environment and {@code stdin} as standard input, no console. */
  static CliRun run(Map<String, String> env, String stdin, String... args) {
    return run(new CliContext(env, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), () -> null,
        onStop -> { }, endpoints -> { }), args);
  }

  static CliRun run(CliContext context, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = Main.commandLine(context);
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return new CliRun(code, out.toString(), err.toString());
  }

  /** A command line running in the background, with what it printed so far. */
  record Background(CompletableFuture<Integer> exitCode, StringWriter out, StringWriter err) {}

  /** Starts {@code args} on another thread; {@code out()} and {@code err()} fill while it runs. */
  static Background start(CliContext context, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = Main.commandLine(context);
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return new Background(CompletableFuture.supplyAsync(() -> cli.execute(args)), out, err);
  }

  /** A context for the proxy command that hands its stop action and endpoints to the test. */
  static CliContext proxyContext(Map<String, String> env, StopSignals signals, Consumer<RunningEndpoints> onStarted) {
    return new CliContext(env, new ByteArrayInputStream(new byte[0]), () -> null, signals, onStarted);
  }
}
