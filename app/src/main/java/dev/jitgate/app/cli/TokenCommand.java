package dev.jitgate.app.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code jitgate token}: groups the API token tools. */
@Command(name = "token", mixinStandardHelpOptions = true, description = "API token tools.")
public final class TokenCommand implements Runnable {

  @Spec private CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "Missing subcommand: create");
  }
}
