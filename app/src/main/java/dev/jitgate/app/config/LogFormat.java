package dev.jitgate.app.config;

import java.util.Locale;

/** {@code logging.format}: human-readable lines or one JSON object per line. */
public enum LogFormat {
  TEXT, JSON;

  /** The configuration spelling, e.g. {@code json}. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
