package dev.jitgate.app;

import dev.jitgate.app.config.ConfigError;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/** Prints configuration errors and warnings for a human, one per line with the key first. */
final class ConfigErrorReport {

  private ConfigErrorReport() {}

  static void errors(PrintWriter err, Path file, List<ConfigError> errors) {
    err.println("jitgate: " + file + ": " + errors.size() + " configuration error" + (errors.size() == 1 ? "" : "s") + ":");
    errors.forEach(e -> err.println("  " + e));
    err.flush();
  }

  static void warnings(PrintWriter err, List<ConfigError> warnings) {
    warnings.forEach(w -> err.println("warning: " + w));
    err.flush();
  }
}
