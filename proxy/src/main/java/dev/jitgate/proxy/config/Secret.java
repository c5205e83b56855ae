package dev.jitgate.proxy.config;

import java.util.Objects;

/**
 * A secret value resolved from its reference ({@code env:}, {@code file:}, …). {@link #toString()}
 * never shows it, so a secret can sit in a config record that gets logged.
 */
public record Secret(String value) {
  public Secret {
    Objects.requireNonNull(value, "value");
  }

  @Override
  public String toString() {
    return "<redacted>";
  }
}
