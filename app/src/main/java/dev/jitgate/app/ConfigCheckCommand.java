package dev.jitgate.app;

import dev.jitgate.app.config.ConfigException;
import dev.jitgate.app.config.LoadedConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code jitgate config check}: validates a configuration file (with the environment's overrides). */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description = {
      "Validates the configuration file, with JITGATE_* overrides and secret references resolved.",
      "Prints OK, or every error with its key path."
    })
final class ConfigCheckCommand implements Callable<Integer> {

  private final CliContext context;

  @Spec private CommandSpec spec;

  @Option(names = {"-c", "--config"}, required = true, paramLabel = "<file>", description = "YAML configuration file.")
  private Path config;

  ConfigCheckCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    try {
      LoadedConfig loaded = context.configLoader().load(config);
      ConfigErrorReport.warnings(spec.commandLine().getErr(), loaded.warnings());
      spec.commandLine().getOut().println("OK");
      spec.commandLine().getOut().flush();
      return ExitCodes.OK;
    } catch (ConfigException e) {
      ConfigErrorReport.errors(spec.commandLine().getErr(), config, e.errors());
      return ExitCodes.CONFIG_ERROR;
    }
  }
}
