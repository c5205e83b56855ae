package dev.jitgate.app;

import dev.jitgate.app.config.LogLevel;
import dev.jitgate.app.demo.Demo;
import dev.jitgate.app.demo.DemoException;
import dev.jitgate.app.demo.DemoInstructions;
import dev.jitgate.app.demo.DemoLayout;
import dev.jitgate.app.demo.DemoSummary;
import dev.jitgate.app.runtime.RunningEndpoints;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jitgate demo}: a throwaway PostgreSQL with a sample database, the control plane, the admin API and the
 * grant-mode proxy in one process, with alice's approved grant ready to use; prints what to type and runs until
 * Ctrl+C or SIGTERM, then deletes what it made. Every run starts fresh.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Starts a throwaway PostgreSQL with the sample database shop, the admin API and the proxy (grant mode) in",
      "one process, creates the integration demo, the users alice (engineer) and bob (approver) and an approved",
      "one-hour read grant for alice, then prints the psql line to use it and the command that revokes it.",
      "Writes demo.env (PG*, JITGATE_API, JITGATE_TOKEN, JITGATE_GRANT, JITGATE_UPSTREAM_URL) into the state",
      "directory. Runs until Ctrl+C or SIGTERM, then stops everything and deletes the demo's database and files",
      "(the CA and the unpacked PostgreSQL binaries are kept for the next run, which starts fresh)."
    },
    footer = {"", "Exit codes: 0 stopped cleanly, 1 failure, 2 bad flag (e.g. a port in use)."})
final class DemoCommand implements Callable<Integer> {

  private static final Logger log = LoggerFactory.getLogger(DemoCommand.class);

  private final CliContext context;

  @Spec private CommandSpec spec;

  @Option(names = "--state-dir", defaultValue = "./jitgate-demo", paramLabel = "<dir>",
      description = "Where the demo keeps its files (default: ./jitgate-demo).")
  private Path stateDir;

  @Option(names = "--proxy-port", defaultValue = "6432", paramLabel = "<port>",
      description = "The proxy's port on 127.0.0.1 (default: 6432; 0 picks a free one).")
  private int proxyPort;

  @Option(names = "--api-port", defaultValue = "8080", paramLabel = "<port>",
      description = "The admin API's port on 127.0.0.1 (default: 8080; 0 picks a free one).")
  private int apiPort;

  @Option(names = {"-v", "--verbose"}, description = "Log at info level (default: warnings only).")
  private boolean verbose;

  DemoCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    CountDownLatch stop = new CountDownLatch(1);
    context.stopSignals().onStop(stop::countDown);
    DemoLayout layout = new DemoLayout(stateDir);
    err.println("jitgate demo: starting in " + layout.stateDirectory() + " (the first run unpacks PostgreSQL) ...");
    err.flush();
    Demo demo;
    try {
      demo = Demo.start(new Demo.Options(layout, proxyPort, apiPort, verbose ? LogLevel.INFO : LogLevel.WARN,
          context.environment()));
    } catch (DemoException e) {
      err.println("jitgate demo: " + e.getMessage());
      err.flush();
      log.debug("demo start-up failure", e);
      return e.exitCode();
    }
    try {
      DemoSummary summary = demo.summary();
      out.print(DemoInstructions.text(summary));
      out.flush();
      context.onStarted().accept(new RunningEndpoints(new InetSocketAddress("127.0.0.1", summary.proxyPort()),
          Optional.empty()));
      stop.await();
      err.println("jitgate demo: stopping and cleaning up ...");
      err.flush();
    } finally {
      demo.close();
    }
    err.println("jitgate demo: stopped; the demo database and " + layout.envFile().getFileName() + " are deleted.");
    err.flush();
    return ExitCodes.OK;
  }
}
