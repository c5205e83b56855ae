package dev.jitgate.app.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads the YAML file into a tree. Syntax errors are reported by line and column only: the parser's own
 * message quotes the offending line, which may hold a secret.
 */
final class YamlSource {

  private final ObjectMapper mapper =
      new ObjectMapper(YAMLFactory.builder().build()).enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  /** The file's top-level mapping; an empty file is an empty mapping. */
  ObjectNode read(Path file) throws ConfigException {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new ConfigException(file.toString(), "file not found");
    } catch (IOException e) {
      throw new ConfigException(file.toString(), "cannot read the file (" + e.getClass().getSimpleName() + ")");
    }
    return parse(text, file.toString());
  }

  /** Parses YAML text; {@code origin} names it in errors. */
  ObjectNode parse(String text, String origin) throws ConfigException {
    JsonNode tree;
    try {
      tree = mapper.readTree(text);
    } catch (JsonProcessingException e) {
      throw new ConfigException(origin, "not valid YAML: " + describe(e));
    }
    if (tree == null || tree.isMissingNode() || tree.isNull()) {
      return JsonNodeFactory.instance.objectNode();
    }
    if (!(tree instanceof ObjectNode object)) {
      throw new ConfigException(origin, "the top level must be a mapping with keys "
          + String.join(", ", ConfigSchema.ROOT.keys().keySet()));
    }
    return object;
  }

  private static String describe(JsonProcessingException e) {
    JsonLocation where = e.getLocation();
    String problem = problem(e);
    if (where == null || where.getLineNr() < 1) {
      return problem;
    }
    return "line " + where.getLineNr() + ", column " + where.getColumnNr() + ": " + problem;
  }

  /** The parser's problem statement without the quoted source text. */
  private static String problem(JsonProcessingException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof org.yaml.snakeyaml.error.MarkedYAMLException marked && marked.getProblem() != null) {
        return marked.getProblem();
      }
    }
    String original = e.getOriginalMessage();
    if (original != null && original.startsWith("Duplicate field")) {
      return original.replaceAll("\\s+at \\[.*", "").strip();
    }
    return "syntax error";
  }
}
