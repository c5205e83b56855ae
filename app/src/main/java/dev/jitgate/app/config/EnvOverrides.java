package dev.jitgate.app.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jitgate.app.config.ConfigSchema.ListOf;
import dev.jitgate.app.config.ConfigSchema.Scalar;
import dev.jitgate.app.config.ConfigSchema.ScalarMap;
import dev.jitgate.app.config.ConfigSchema.Scalars;
import dev.jitgate.app.config.ConfigSchema.Section;
import dev.jitgate.app.config.ConfigSchema.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Applies {@code JITGATE_<PATH>} environment variables to the configuration tree. The path is the key
 * path upper-cased with dots and dashes turned into underscores and list indexes as numbers:
 * {@code JITGATE_PROXY_ROUTES_0_UPSTREAM_HOST} sets {@code proxy.routes[0].upstream.host}. A list of
 * values can be set whole, comma-separated, or element by element; a mapping of values
 * ({@code admin.oidc.group-mapping}) whole, as comma-separated {@code name=value} pairs. Values are never
 * echoed in errors. The variables in {@link #NOT_KEYS} are read by commands, not as keys, and are skipped.
 */
final class EnvOverrides {

  /** Prefix of every override variable. */
  static final String PREFIX = "JITGATE_";

  /**
   * {@code JITGATE_} variables that are not configuration keys: the bootstrap admin token of
   * {@code jitgate admin}, the admin API address and token of the CLI, and what {@code jitgate demo}'s
   * {@code demo.env} adds (the grant id and the upstream URL), so a shell that sourced it can run jitgate.
   */
  static final Set<String> NOT_KEYS = Set.of("JITGATE_BOOTSTRAP_TOKEN", "JITGATE_API", "JITGATE_TOKEN",
      "JITGATE_GRANT", "JITGATE_UPSTREAM_URL");

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** A resolved variable: the key path as segments (String keys, Integer indexes) and what it holds. */
  private record Target(List<Object> segments, Shape shape) {}

  private EnvOverrides() {}

  /** Applies every {@code JITGATE_} variable of {@code environment} to {@code root}. */
  static void apply(ObjectNode root, Map<String, String> environment, ConfigProblems problems) {
    for (Map.Entry<String, String> e : new TreeMap<>(environment).entrySet()) {
      String variable = e.getKey();
      if (!variable.startsWith(PREFIX) || NOT_KEYS.contains(variable)) {
        continue;
      }
      Optional<Target> target = resolve(ConfigSchema.ROOT, variable.substring(PREFIX.length()), List.of());
      if (target.isEmpty()) {
        problems.error(variable, "no configuration key matches this environment variable"
            + " (overrides are JITGATE_<KEY PATH>, e.g. JITGATE_PROXY_LISTEN_PORT or JITGATE_PROXY_ROUTES_0_UPSTREAM_HOST)");
        continue;
      }
      Target t = target.get();
      ConfigPath path = path(t.segments());
      switch (t.shape()) {
        case Scalar s -> set(root, t.segments(), NODES.textNode(e.getValue()));
        case Scalars s -> set(root, t.segments(), commaSeparated(e.getValue()));
        case ScalarMap m -> {
          Optional<ObjectNode> pairs = pairs(e.getValue());
          if (pairs.isEmpty()) {
            problems.error(variable, "must be comma-separated name=value pairs, e.g. okta-dba=dba,okta-sre=sre");
            continue;
          }
          set(root, t.segments(), pairs.get());
        }
        case Section s -> {
          problems.error(variable, "names the section " + path + "; set one of its keys instead, e.g. "
              + variable + "_" + envName(s.keys().keySet().iterator().next()));
          continue;
        }
        case ListOf l -> {
          problems.error(variable, "names the list " + path + "; set its elements' keys instead, e.g. "
              + variable + "_0_...");
          continue;
        }
      }
      problems.overridden(path, variable);
    }
  }

  /** The environment variable name for the key at {@code path} segments. */
  static String envName(String key) {
    return key.toUpperCase(Locale.ROOT).replace('-', '_');
  }

  private static Optional<Target> resolve(Shape shape, String rest, List<Object> segments) {
    return switch (shape) {
      case Section section -> {
        for (Map.Entry<String, Shape> key : section.keys().entrySet()) {
          String name = envName(key.getKey());
          List<Object> next = append(segments, key.getKey());
          if (rest.equals(name)) {
            yield Optional.of(new Target(next, key.getValue()));
          }
          if (rest.startsWith(name + "_")) {
            Optional<Target> deeper = resolve(key.getValue(), rest.substring(name.length() + 1), next);
            if (deeper.isPresent()) {
              yield deeper;
            }
          }
        }
        yield Optional.empty();
      }
      case ListOf list -> {
        int end = rest.indexOf('_');
        String digits = end < 0 ? rest : rest.substring(0, end);
        ListIndex index = ListIndex.parse(digits);
        if (!index.valid()) {
          yield Optional.empty();
        }
        List<Object> next = append(segments, index.value());
        yield end < 0
            ? Optional.of(new Target(next, list.element()))
            : resolve(list.element(), rest.substring(end + 1), next);
      }
      case Scalars values -> {
        ListIndex index = ListIndex.parse(rest);
        yield index.valid() ? Optional.of(new Target(append(segments, index.value()), new Scalar())) : Optional.empty();
      }
      case ScalarMap map -> Optional.empty();
      case Scalar value -> Optional.empty();
    };
  }

  /** A list index parsed from a variable name segment; invalid unless it is a small decimal number. */
  private record ListIndex(boolean valid, int value) {
    static ListIndex parse(String digits) {
      if (digits.isEmpty() || digits.length() > 4 || !digits.chars().allMatch(Character::isDigit)) {
        return new ListIndex(false, 0);
      }
      return new ListIndex(true, Integer.parseInt(digits));
    }
  }

  private static ArrayNode commaSeparated(String value) {
    ArrayNode array = NODES.arrayNode();
    for (String part : value.split(",")) {
      if (!part.isBlank()) {
        array.add(part.strip());
      }
    }
    return array;
  }

  /** {@code a=b,c=d} as a mapping; empty when a part has no {@code =} or an empty name. */
  private static Optional<ObjectNode> pairs(String value) {
    ObjectNode object = NODES.objectNode();
    for (String part : value.split(",")) {
      if (part.isBlank()) {
        continue;
      }
      int eq = part.indexOf('=');
      if (eq <= 0 || part.substring(0, eq).isBlank()) {
        return Optional.empty();
      }
      object.put(part.substring(0, eq).strip(), part.substring(eq + 1).strip());
    }
    return Optional.of(object);
  }

  /** Sets {@code value} at the path, creating missing sections and list elements on the way. */
  private static void set(ObjectNode root, List<Object> segments, JsonNode value) {
    JsonNode current = root;
    for (int i = 0; i < segments.size(); i++) {
      Object segment = segments.get(i);
      boolean last = i == segments.size() - 1;
      Object nextSegment = last ? null : segments.get(i + 1);
      JsonNode child = last ? value : container(nextSegment);
      if (segment instanceof String key) {
        ObjectNode object = (ObjectNode) current;
        JsonNode existing = object.get(key);
        if (last || existing == null || !sameKind(existing, child)) {
          object.set(key, child);
        } else {
          child = existing;
        }
      } else {
        ArrayNode array = (ArrayNode) current;
        int index = (Integer) segment;
        while (array.size() <= index) {
          array.add(last ? NODES.nullNode() : container(nextSegment));
        }
        JsonNode existing = array.get(index);
        if (last || !sameKind(existing, child)) {
          array.set(index, child);
        } else {
          child = existing;
        }
      }
      current = child;
    }
  }

  private static JsonNode container(Object nextSegment) {
    return nextSegment instanceof String ? NODES.objectNode() : NODES.arrayNode();
  }

  private static boolean sameKind(JsonNode a, JsonNode b) {
    return a.isObject() == b.isObject() && a.isArray() == b.isArray();
  }

  private static List<Object> append(List<Object> segments, Object segment) {
    List<Object> next = new ArrayList<>(segments);
    next.add(segment);
    return List.copyOf(next);
  }

  private static ConfigPath path(List<Object> segments) {
    ConfigPath path = ConfigPath.ROOT;
    for (Object s : segments) {
      path = s instanceof Integer i ? path.index(i) : path.child((String) s);
    }
    return path;
  }
}
