package dev.jitgate.app;

import dev.jitgate.app.config.ConfigError;
import dev.jitgate.app.config.ConfigException;
import dev.jitgate.app.config.LoadedConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The {@code --config <file>} option of the commands that run roles, with loading and error reporting in one
 * place (a picocli mixin).
 */
final class ConfigFileOption {

  @Option(names = {"-c", "--config"}, required = true, paramLabel = "<file>", description = "YAML configuration file.")
  private Path file;

  /** The configuration file given on the command line. */
  Path file() {
    return file;
  }

  /** Loads and validates the file (with environment overrides); on errors prints every one to {@code err}. */
  Optional<LoadedConfig> load(CliContext context, PrintWriter err) {
    try {
      return Optional.of(context.configLoader().load(file));
    } catch (ConfigException e) {
      ConfigErrorReport.errors(err, file, e.errors());
      return Optional.empty();
    }
  }

  /** Prints one error about {@code key} of the file, e.g. a section the command needs. */
  void reportError(PrintWriter err, String key, String message) {
    ConfigErrorReport.errors(err, file, List.of(new ConfigError(key, message)));
  }
}
