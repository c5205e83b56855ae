package dev.jitgate.app;

import dev.jitgate.pg.scram.ScramVerifier;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code jitgate scram-verifier}: turns a password into the {@code SCRAM-SHA-256$…} verifier that
 * {@code proxy.users[].scram-verifier} holds. The password comes from a no-echo prompt or the first line
 * of standard input, never from the command line (where {@code ps} and shell history would show it).
 */
@Command(
    name = "scram-verifier",
    mixinStandardHelpOptions = true,
    description = {
      "Prints the SCRAM-SHA-256 verifier for a password, for proxy.users[].scram-verifier.",
      "Prompts without echo on a terminal; otherwise reads the first line of standard input."
    })
final class ScramVerifierCommand implements Callable<Integer> {

  private final CliContext context;

  @Spec private CommandSpec spec;

  @Option(names = "--stdin", description = "Read the password from standard input even on a terminal.")
  private boolean stdin;

  @Option(names = "--iterations", defaultValue = "4096", paramLabel = "<n>",
      description = "PBKDF2 iteration count, at least 4096 (default: ${DEFAULT-VALUE}).")
  private int iterations;

  /** Caught only to refuse it without echoing: a password on the command line leaks to ps and shell history. */
  @Parameters(hidden = true, arity = "0..*")
  private List<String> arguments;

  ScramVerifierCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() throws IOException {
    if (arguments != null && !arguments.isEmpty()) {
      fail("takes no arguments; the password is never read from the command line."
          + " Type it at the prompt or pipe it on standard input");
      return ExitCodes.CONFIG_ERROR;
    }
    if (iterations < ScramVerifier.DEFAULT_ITERATIONS) {
      return fail("--iterations must be at least " + ScramVerifier.DEFAULT_ITERATIONS);
    }
    Console console = stdin ? null : context.console().get();
    Optional<String> password = console != null ? prompt(console) : firstLine();
    if (password.isEmpty()) {
      return ExitCodes.FAILURE;
    }
    if (password.get().isEmpty()) {
      return fail("the password is empty");
    }
    byte[] salt = new byte[ScramVerifier.DEFAULT_SALT_LENGTH];
    new SecureRandom().nextBytes(salt);
    spec.commandLine().getOut().println(ScramVerifier.fromPassword(password.get(), salt, iterations).format());
    spec.commandLine().getOut().flush();
    return ExitCodes.OK;
  }

  private Optional<String> prompt(Console console) {
    char[] first = console.readPassword("Password: ");
    char[] second = first == null ? null : console.readPassword("Repeat password: ");
    try {
      if (first == null || second == null) {
        fail("no password entered");
        return Optional.empty();
      }
      if (!Arrays.equals(first, second)) {
        fail("the passwords do not match");
        return Optional.empty();
      }
      return Optional.of(new String(first));
    } finally {
      if (first != null) {
        Arrays.fill(first, '\0');
      }
      if (second != null) {
        Arrays.fill(second, '\0');
      }
    }
  }

  private Optional<String> firstLine() throws IOException {
    BufferedReader reader = new BufferedReader(new InputStreamReader(context.stdin(), StandardCharsets.UTF_8));
    String line = reader.readLine();
    if (line == null) {
      fail("no password on standard input");
      return Optional.empty();
    }
    return Optional.of(line);
  }

  private int fail(String message) {
    spec.commandLine().getErr().println("jitgate scram-verifier: " + message);
    spec.commandLine().getErr().flush();
    return ExitCodes.FAILURE;
  }
}
