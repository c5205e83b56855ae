package dev.jitgate.app.config;

import dev.jitgate.proxy.config.Secret;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Resolves secret references: {@code env:NAME} (an environment variable), {@code file:/path} (a file's
 * content, trailing newlines stripped; relative paths from the configuration file's directory) and
 * {@code literal:value} (development only, warned about). Anything else is refused as a literal. Errors
 * name the reference, never the value.
 */
final class SecretResolver {

  /** How to write a reference, for error messages. */
  public static final String FORMS = "use env:NAME or file:/path (or literal:<value> for development only)";

  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private final Map<String, String> environment;

  public SecretResolver(Map<String, String> environment) {
    this.environment = Map.copyOf(environment);
  }

  /** True when {@code text} is written as a reference rather than a bare value. */
  public static boolean isReference(String text) {
    return text.startsWith("env:") || text.startsWith("file:") || text.startsWith("literal:")
        || text.startsWith("aws-secretsmanager:");
  }

  /** The secret the key refers to; empty (with an error reported) when it cannot be resolved. */
  public Optional<Secret> resolve(ConfigNode key) {
    Optional<String> text = key.text();
    if (text.isEmpty()) {
      return Optional.empty();
    }
    String reference = text.get().strip();
    if (reference.startsWith("env:")) {
      return fromEnvironment(key, reference, reference.substring("env:".length()));
    }
    if (reference.startsWith("file:")) {
      return fromFile(key, reference, reference.substring("file:".length()));
    }
    if (reference.startsWith("literal:")) {
      key.warn("holds a literal secret; use env: or file: references outside development");
      return nonEmpty(key, "literal:", text.get().strip().substring("literal:".length()));
    }
    if (reference.startsWith("aws-secretsmanager:")) {
      key.error("aws-secretsmanager: references are not supported yet; " + FORMS);
      return Optional.empty();
    }
    key.error("a literal secret is refused; " + FORMS);
    return Optional.empty();
  }

  private Optional<Secret> fromEnvironment(ConfigNode key, String reference, String name) {
    if (!ENV_NAME.matcher(name).matches()) {
      key.error(reference + " is not a valid environment variable name");
      return Optional.empty();
    }
    String value = environment.get(name);
    if (value == null) {
      key.error("environment variable " + name + " is not set (referenced as " + reference + ")");
      return Optional.empty();
    }
    return nonEmpty(key, reference, value);
  }

  private static Optional<Secret> fromFile(ConfigNode key, String reference, String file) {
    Path path;
    try {
      path = key.baseDirectory().resolve(file.strip()).normalize();
    } catch (InvalidPathException e) {
      key.error(reference + " is not a valid path");
      return Optional.empty();
    }
    if (file.isBlank() || !Files.isRegularFile(path)) {
      key.error("secret file " + path + " does not exist (referenced as " + reference + ")");
      return Optional.empty();
    }
    String content;
    try {
      content = Files.readString(path, StandardCharsets.UTF_8);
    } catch (IOException e) {
      key.error("cannot read secret file " + path + " (" + e.getClass().getSimpleName() + ")");
      return Optional.empty();
    }
    return nonEmpty(key, reference, stripTrailingNewlines(content));
  }

  private static Optional<Secret> nonEmpty(ConfigNode key, String reference, String value) {
    if (value.isEmpty()) {
      key.error(reference + " resolves to an empty value");
      return Optional.empty();
    }
    return Optional.of(new Secret(value));
  }

  static String stripTrailingNewlines(String s) {
    int end = s.length();
    while (end > 0 && (s.charAt(end - 1) == '\n' || s.charAt(end - 1) == '\r')) {
      end--;
    }
    return s.substring(0, end);
  }
}
