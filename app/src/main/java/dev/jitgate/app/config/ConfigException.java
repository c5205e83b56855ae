package dev.jitgate.app.config;

import java.util.List;
import java.util.stream.Collectors;

/** The configuration cannot be used; carries every error found, not just the first. */
public final class ConfigException extends Exception {

  private final transient List<ConfigError> errors;

  public ConfigException(List<ConfigError> errors) {
    super(errors.stream().map(ConfigError::toString).collect(Collectors.joining("\n")));
    this.errors = List.copyOf(errors);
  }

  /** A single error. */
  public ConfigException(String key, String message) {
    this(List.of(new ConfigError(key, message)));
  }

  public List<ConfigError> errors() {
    return errors;
  }
}
