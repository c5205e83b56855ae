package dev.jitgate.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The {@code jitgate} executable: a picocli command with one subcommand per role or tool. */
@Command(
    name = "jitgate",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Just-in-time access gateway for PostgreSQL.",
    footer = {"", "Exit codes: 0 success, 1 failure, 2 invalid configuration or command line."})
public final class Main implements Runnable {

  @Spec private CommandSpec spec;

  /** The command line with every subcommand, wired to {@code context}; tests call {@code execute} on it. */
  public static CommandLine commandLine(CliContext context) {
    CommandLine config = new CommandLine(new ConfigCommand()).addSubcommand(new ConfigCheckCommand(context));
    return new CommandLine(new Main())
        .addSubcommand(new ProxyCommand(context))
        .addSubcommand(new ScramVerifierCommand(context))
        .addSubcommand(config);
  }

  public static void main(String[] args) {
    System.exit(commandLine(CliContext.system()).execute(args));
  }

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "Missing subcommand: proxy, scram-verifier or config");
  }
}
