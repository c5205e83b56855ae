package dev.jitgate.app.config;

/**
 * One problem found in the configuration, naming the key and the fix. The message never contains a
 * secret.
 *
 * @param key the key path ({@code proxy.listen.port}) or environment variable it concerns
 * @param message what is wrong and how to fix it
 */
public record ConfigError(String key, String message) {

  @Override
  public String toString() {
    return key + ": " + message;
  }
}
