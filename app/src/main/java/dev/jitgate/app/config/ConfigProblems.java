package dev.jitgate.app.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects errors and warnings while one configuration is read, so that all of them are reported
 * together. Remembers which keys came from environment variables so messages can say so.
 */
final class ConfigProblems {

  private final List<ConfigError> errors = new ArrayList<>();
  private final List<ConfigError> warnings = new ArrayList<>();
  private final Map<String, String> overriddenBy = new HashMap<>();

  /** Records an error at {@code path}. */
  public void error(ConfigPath path, String message) {
    errors.add(new ConfigError(path.toString(), message + source(path)));
  }

  /** Records an error about something that is not a key, e.g. an environment variable. */
  public void error(String key, String message) {
    errors.add(new ConfigError(key, message));
  }

  /** Records a warning at {@code path}. */
  public void warn(ConfigPath path, String message) {
    warnings.add(new ConfigError(path.toString(), message + source(path)));
  }

  /** Notes that the value at {@code path} was set by environment variable {@code variable}. */
  void overridden(ConfigPath path, String variable) {
    overriddenBy.put(path.text(), variable);
  }

  public int errorCount() {
    return errors.size();
  }

  public List<ConfigError> errors() {
    return List.copyOf(errors);
  }

  public List<ConfigError> warnings() {
    return List.copyOf(warnings);
  }

  /** Throws when any error was recorded. */
  public void throwIfAny() throws ConfigException {
    if (!errors.isEmpty()) {
      throw new ConfigException(errors);
    }
  }

  private String source(ConfigPath path) {
    String variable = overriddenBy.get(path.text());
    return variable == null ? "" : " (set by " + variable + ")";
  }
}
