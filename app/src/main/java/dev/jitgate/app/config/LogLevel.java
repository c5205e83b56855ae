package dev.jitgate.app.config;

import java.util.Locale;

/** {@code logging.level}: the least severe level that is logged. */
public enum LogLevel {
  TRACE, DEBUG, INFO, WARN, ERROR;

  /** The configuration spelling, e.g. {@code info}. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
