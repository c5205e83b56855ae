package dev.jitgate.app.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Finds psql and runs it as a child with this terminal: standard input, output and error inherited, the
 * connection settings in its environment (never on its command line, where {@code ps} would show the
 * password). While it runs, SIGINT is ignored here so that Ctrl+C cancels psql's query instead of ending
 * jitgate under it.
 */
final class PsqlLauncher {

  /** Where Debian's postgresql-client puts psql when it is not on PATH. */
  static final Path DEBIAN_PSQL = Path.of("/usr/lib/postgresql/15/bin/psql");

  private PsqlLauncher() {}

  /** {@code psql} from {@code PATH} (in {@code environment}), else {@link #DEBIAN_PSQL}. */
  static Optional<Path> find(Map<String, String> environment) {
    String path = environment.getOrDefault("PATH", "");
    for (String dir : path.split(":")) {
      if (dir.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(dir, "psql");
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Files.isExecutable(DEBIAN_PSQL) ? Optional.of(DEBIAN_PSQL) : Optional.empty();
  }

  /**
   * Runs {@code psql} with {@code environment} (the whole child environment) and waits for it.
   *
   * @return psql's exit code
   */
  static int run(Path psql, Map<String, String> environment) throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(List.of(psql.toString())).inheritIO();
    builder.environment().clear();
    builder.environment().putAll(environment);
    SignalHandler previous = ignoreInterrupts();
    try {
      Process process = builder.start();
      return process.waitFor();
    } finally {
      restore(previous);
    }
  }

  private static SignalHandler ignoreInterrupts() {
    try {
      return Signal.handle(new Signal("INT"), SignalHandler.SIG_IGN);
    } catch (IllegalArgumentException e) {
      return null; // the JVM keeps SIGINT for itself (-Xrs): nothing to change
    }
  }

  private static void restore(SignalHandler previous) {
    if (previous != null) {
      Signal.handle(new Signal("INT"), previous);
    }
  }
}
