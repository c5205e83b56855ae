package dev.jitgate.app;

import dev.jitgate.app.config.ConfigError;
import dev.jitgate.app.config.ConfigException;
import dev.jitgate.app.config.JitgateConfig;
import dev.jitgate.app.config.LoadedConfig;
import dev.jitgate.app.runtime.LoggingSetup;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.slf4j.Logger;
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

  /**
   * Loads the file for a command that runs roles: reports load errors, or {@code key} with {@code missing} when
   * {@code hasRole} finds nothing to run in it; otherwise applies the logging section and logs the
   * configuration's warnings. Empty means the command should exit with {@link ExitCodes#CONFIG_ERROR}.
   */
  Optional<JitgateConfig> loadForRoles(CliContext context, PrintWriter err, Predicate<JitgateConfig> hasRole,
      String key, String missing, Logger log) {
    Optional<LoadedConfig> loaded = load(context, err);
    if (loaded.isEmpty()) {
      return Optional.empty();
    }
    JitgateConfig settings = loaded.get().config();
    if (!hasRole.test(settings)) {
      reportError(err, key, missing);
      return Optional.empty();
    }
    LoggingSetup.apply(settings.logging());
    loaded.get().warnings().forEach(w -> log.warn("configuration: {}", w));
    return Optional.of(settings);
  }

  /** Prints one error about {@code key} of the file, e.g. a section the command needs. */
  void reportError(PrintWriter err, String key, String message) {
    ConfigErrorReport.errors(err, file, List.of(new ConfigError(key, message)));
  }
}
