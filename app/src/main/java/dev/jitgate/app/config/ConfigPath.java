package dev.jitgate.app.config;

/**
 * Where a value sits in the configuration file, spelled as users see it: {@code proxy.routes[0].upstream.host}.
 *
 * @param text the dotted path; empty for the document root
 */
public record ConfigPath(String text) {

  /** The document root. */
  public static final ConfigPath ROOT = new ConfigPath("");

  /** The path of {@code key} inside this section. */
  public ConfigPath child(String key) {
    return new ConfigPath(text.isEmpty() ? key : text + "." + key);
  }

  /** The path of list element {@code index}. */
  public ConfigPath index(int index) {
    return new ConfigPath(text + "[" + index + "]");
  }

  @Override
  public String toString() {
    return text.isEmpty() ? "(top level)" : text;
  }
}
