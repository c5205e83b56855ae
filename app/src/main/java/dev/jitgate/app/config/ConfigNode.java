package dev.jitgate.app.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One key of the configuration tree with its path, read as a typed value. A missing or null key yields
 * the default; an invalid value is reported to {@link ConfigProblems} (naming the key) and also yields the
 * default, so reading goes on and every error is found. Structure (mapping vs list vs value) was checked
 * by {@link KeyCheck}, so a misshapen node is treated as missing here.
 */
final class ConfigNode {

  private final JsonNode node;
  private final ConfigPath path;
  private final ConfigProblems problems;
  private final Path baseDirectory;

  ConfigNode(JsonNode node, ConfigPath path, ConfigProblems problems, Path baseDirectory) {
    this.node = node;
    this.path = path;
    this.problems = problems;
    this.baseDirectory = baseDirectory;
  }

  /** The key {@code key} of this section (possibly missing). */
  public ConfigNode get(String key) {
    JsonNode child = node != null && node.isObject() ? node.get(key) : null;
    return new ConfigNode(child, path.child(key), problems, baseDirectory);
  }

  /** The elements of this list; empty when the key is missing. */
  public List<ConfigNode> elements() {
    List<ConfigNode> list = new ArrayList<>();
    if (node != null && node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        list.add(new ConfigNode(node.get(i), path.index(i), problems, baseDirectory));
      }
    }
    return list;
  }

  public ConfigPath path() {
    return path;
  }

  /** True when the key holds something; missing, null ({@code key:}) and {@code ""} all mean "use the default". */
  public boolean isSet() {
    return isSet(node);
  }

  static boolean isSet(JsonNode node) {
    return node != null && !node.isNull() && !node.isMissingNode() && !(node.isTextual() && node.asText().isEmpty());
  }

  /** True when the key holds a list (possibly empty). */
  public boolean isList() {
    return node != null && node.isArray();
  }

  /** The value as text, empty when missing or not a single value. */
  public Optional<String> text() {
    return isSet() && node.isValueNode() ? Optional.of(node.asText()) : Optional.empty();
  }

  /** Text, or {@code defaultValue} when missing; blank text is an error. */
  public String string(String defaultValue) {
    Optional<String> text = text();
    if (text.isPresent() && text.get().isBlank()) {
      error("must not be empty");
      return defaultValue;
    }
    return text.orElse(defaultValue);
  }

  /** Text that must be present and not blank. */
  public Optional<String> requiredString() {
    if (isSet() && node.isContainerNode()) {
      return Optional.empty(); // reported by KeyCheck
    }
    Optional<String> text = text();
    if (text.isEmpty() || text.get().isBlank()) {
      error("is required");
      return Optional.empty();
    }
    return text;
  }

  /** A whole number in {@code [min, max]}. */
  public int integer(int defaultValue, int min, int max) {
    Optional<String> text = text();
    if (text.isEmpty()) {
      return defaultValue;
    }
    long value;
    try {
      value = Long.parseLong(text.get().strip().replace("_", ""));
    } catch (NumberFormatException e) {
      error("\"" + text.get() + "\" is not a whole number");
      return defaultValue;
    }
    if (value < min || value > max) {
      error("must be between " + min + " and " + max + ", got " + value);
      return defaultValue;
    }
    return (int) value;
  }

  /** A byte size ({@link Sizes}) in {@code [min, max]}. */
  public long size(long defaultValue, long min, long max) {
    Optional<String> text = text();
    if (text.isEmpty()) {
      return defaultValue;
    }
    Optional<Long> parsed = Sizes.parse(text.get());
    if (parsed.isEmpty()) {
      error("\"" + text.get() + "\" is not a size (" + Sizes.FORMS + ")");
      return defaultValue;
    }
    if (parsed.get() < min || parsed.get() > max) {
      error("must be between " + Sizes.format(min) + " and " + Sizes.format(max) + ", got " + text.get().strip());
      return defaultValue;
    }
    return parsed.get();
  }

  /** {@code true} or {@code false}. */
  public boolean bool(boolean defaultValue) {
    Optional<String> text = text();
    if (text.isEmpty()) {
      return defaultValue;
    }
    return switch (text.get().strip().toLowerCase(Locale.ROOT)) {
      case "true", "yes", "on" -> true;
      case "false", "no", "off" -> false;
      default -> {
        error("\"" + text.get() + "\" is not true or false");
        yield defaultValue;
      }
    };
  }

  /** A duration, at least {@code minimum}. */
  public Duration duration(Duration defaultValue, Duration minimum) {
    Optional<String> text = text();
    if (text.isEmpty()) {
      return defaultValue;
    }
    Optional<Duration> parsed = Durations.parse(text.get());
    if (parsed.isEmpty()) {
      error("\"" + text.get() + "\" is not a duration (" + Durations.FORMS + ")");
      return defaultValue;
    }
    if (parsed.get().compareTo(minimum) < 0) {
      error(minimum.isZero() ? "must not be negative" : "must be at least " + Durations.format(minimum));
      return defaultValue;
    }
    return parsed.get();
  }

  /** One of {@code choices}, spelled as {@code name} gives it (case-insensitive). */
  public <E extends Enum<E>> E choice(E defaultValue, E[] choices, Function<E, String> name) {
    Optional<String> text = text();
    if (text.isEmpty()) {
      return defaultValue;
    }
    String wanted = text.get().strip().toLowerCase(Locale.ROOT);
    for (E choice : choices) {
      if (name.apply(choice).equals(wanted)) {
        return choice;
      }
    }
    error("\"" + text.get() + "\" is not one of "
        + Arrays.stream(choices).map(name).collect(Collectors.joining(", ")));
    return defaultValue;
  }

  /** A path resolved against the configuration file's directory; no check that it exists. */
  public Optional<Path> filePath() {
    Optional<String> text = text();
    if (text.isEmpty()) {
      return Optional.empty();
    }
    if (text.get().isBlank()) {
      error("must not be empty");
      return Optional.empty();
    }
    try {
      return Optional.of(baseDirectory.resolve(text.get().strip()).normalize());
    } catch (InvalidPathException e) {
      error("\"" + text.get() + "\" is not a valid path");
      return Optional.empty();
    }
  }

  /** A path (relative to the configuration file) that must name a readable file. */
  public Optional<Path> existingFile() {
    Optional<Path> file = filePath();
    if (file.isPresent() && !(Files.isRegularFile(file.get()) && Files.isReadable(file.get()))) {
      error("file " + file.get() + " does not exist or is not readable");
      return Optional.empty();
    }
    return file;
  }

  /** A list of non-empty values, or {@code defaultValue} when missing. */
  public List<String> strings(List<String> defaultValue) {
    if (!isSet() || !node.isArray()) {
      return defaultValue;
    }
    List<String> values = new ArrayList<>();
    for (ConfigNode element : elements()) {
      Optional<String> text = element.text();
      if (text.isPresent() && !text.get().isBlank()) {
        values.add(text.get().strip());
      } else if (!element.isSet() || !element.node.isContainerNode()) {
        element.error("must not be empty");
      }
    }
    return values;
  }

  /** A mapping of names to non-empty values (in file order), or empty when missing. */
  public Map<String, String> stringMap() {
    Map<String, String> values = new LinkedHashMap<>();
    if (!isSet() || !node.isObject()) {
      return values;
    }
    for (Map.Entry<String, JsonNode> field : node.properties()) {
      ConfigNode value = get(field.getKey());
      Optional<String> text = value.text();
      if (text.isPresent() && !text.get().isBlank()) {
        values.put(field.getKey(), text.get().strip());
      } else if (!value.isSet() || !value.node.isContainerNode()) {
        value.error("must not be empty");
      }
    }
    return values;
  }

  /** Directory that relative paths and {@code file:} references are resolved against. */
  public Path baseDirectory() {
    return baseDirectory;
  }

  /** Reports an error at this key. The message must not contain a secret. */
  public void error(String message) {
    problems.error(path, message);
  }

  /** Reports a warning at this key. The message must not contain a secret. */
  public void warn(String message) {
    problems.warn(path, message);
  }

  /** Errors reported so far for the whole file, to tell whether a section read cleanly. */
  public int errorCount() {
    return problems.errorCount();
  }
}
