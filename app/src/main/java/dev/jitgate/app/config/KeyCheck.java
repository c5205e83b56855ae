package dev.jitgate.app.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jitgate.app.config.ConfigSchema.ListOf;
import dev.jitgate.app.config.ConfigSchema.Scalar;
import dev.jitgate.app.config.ConfigSchema.ScalarMap;
import dev.jitgate.app.config.ConfigSchema.Scalars;
import dev.jitgate.app.config.ConfigSchema.Section;
import dev.jitgate.app.config.ConfigSchema.Shape;
import java.util.Map;

/**
 * Checks the tree against {@link ConfigSchema}: unknown keys, and mappings, lists or values where
 * something else belongs. Values themselves are checked by the readers.
 */
final class KeyCheck {

  private KeyCheck() {}

  /** Reports every structural problem under {@code node}. */
  static void check(Shape shape, JsonNode node, ConfigPath path, ConfigProblems problems) {
    if (!ConfigNode.isSet(node)) {
      return;
    }
    switch (shape) {
      case Section section -> {
        if (!node.isObject()) {
          problems.error(path, "expected a mapping with keys " + String.join(", ", section.keys().keySet()));
          return;
        }
        for (Map.Entry<String, JsonNode> field : node.properties()) {
          Shape child = section.keys().get(field.getKey());
          if (child == null) {
            problems.error(path.child(field.getKey()),
                "unknown key; valid keys here are " + String.join(", ", section.keys().keySet()));
          } else {
            check(child, field.getValue(), path.child(field.getKey()), problems);
          }
        }
      }
      case ListOf list -> {
        if (!node.isArray()) {
          problems.error(path, "expected a list");
          return;
        }
        for (int i = 0; i < node.size(); i++) {
          check(list.element(), node.get(i), path.index(i), problems);
        }
      }
      case Scalars values -> {
        if (!node.isArray()) {
          problems.error(path, "expected a list of values, e.g. [a, b]");
          return;
        }
        for (int i = 0; i < node.size(); i++) {
          check(new Scalar(), node.get(i), path.index(i), problems);
        }
      }
      case ScalarMap map -> {
        if (!node.isObject()) {
          problems.error(path, "expected a mapping of names to values, e.g. {a: b}");
          return;
        }
        for (Map.Entry<String, JsonNode> field : node.properties()) {
          check(new Scalar(), field.getValue(), path.child(field.getKey()), problems);
        }
      }
      case Scalar value -> {
        if (node.isContainerNode()) {
          problems.error(path, "expected a single value, not a " + (node.isArray() ? "list" : "mapping"));
        }
      }
    }
  }
}
