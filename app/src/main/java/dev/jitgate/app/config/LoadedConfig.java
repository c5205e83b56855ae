package dev.jitgate.app.config;

import java.util.List;
import java.util.Objects;

/**
 * A configuration that passed validation, with the warnings found on the way (reported once logging is
 * set up).
 *
 * @param config the configuration
 * @param warnings things that work but should be fixed, e.g. literal secrets
 */
public record LoadedConfig(JitgateConfig config, List<ConfigError> warnings) {
  public LoadedConfig {
    Objects.requireNonNull(config, "config");
    warnings = List.copyOf(warnings);
  }
}
