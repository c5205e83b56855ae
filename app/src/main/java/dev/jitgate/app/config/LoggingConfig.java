package dev.jitgate.app.config;

import java.util.Objects;

/**
 * The {@code logging} section.
 *
 * @param level least severe level logged
 * @param format text lines or JSON
 */
public record LoggingConfig(LogLevel level, LogFormat format) {

  public static final LoggingConfig DEFAULTS = new LoggingConfig(LogLevel.INFO, LogFormat.TEXT);

  public LoggingConfig {
    Objects.requireNonNull(level, "level");
    Objects.requireNonNull(format, "format");
  }
}
