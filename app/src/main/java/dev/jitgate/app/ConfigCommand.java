package dev.jitgate.app;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code jitgate config}: groups the configuration tools. */
@Command(name = "config", mixinStandardHelpOptions = true, description = "Configuration tools.")
final class ConfigCommand implements Runnable {

  @Spec private CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "Missing subcommand: check");
  }
}
