package dev.jitgate.proxy.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Upstream authentication methods, weakest first. The proxy refuses a server that asks for a weaker
 * method than the configured minimum (and one that asks for nothing, unless the minimum is {@code trust}).
 */
public enum UpstreamAuthMethod {
  TRUST("trust"),
  PASSWORD("password"),
  MD5("md5"),
  SCRAM_SHA_256("scram-sha-256");

  private final String configName;

  UpstreamAuthMethod(String configName) {
    this.configName = configName;
  }

  public String configName() {
    return configName;
  }

  public boolean atLeast(UpstreamAuthMethod minimum) {
    return compareTo(minimum) >= 0;
  }

  /** Parses the configuration spelling, naming the valid ones on error. */
  public static UpstreamAuthMethod parse(String value) {
    for (UpstreamAuthMethod m : values()) {
      if (m.configName.equals(value.toLowerCase(Locale.ROOT))) {
        return m;
      }
    }
    throw new IllegalArgumentException(
        "unknown authentication method \"" + value + "\"; valid: "
            + Arrays.stream(values()).map(UpstreamAuthMethod::configName).collect(Collectors.joining(", ")));
  }
}
