package dev.jitgate.app.config;

import dev.jitgate.pg.scram.ScramVerifier;
import dev.jitgate.proxy.config.Secret;
import dev.jitgate.proxy.config.UserConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads {@code proxy.users}: client names with SCRAM-SHA-256 verifiers, given literally (a verifier is
 * not a password) or as a secret reference.
 */
final class UsersReader {

  static final String VERIFIER_HINT = "generate one with: jitgate scram-verifier";

  private UsersReader() {}

  static List<UserConfig> read(ConfigNode users, SecretResolver secrets) {
    List<UserConfig> result = new ArrayList<>();
    Map<String, ConfigPath> seen = new HashMap<>();
    List<ConfigNode> elements = users.elements();
    if (elements.isEmpty() && (!users.isSet() || users.isList())) {
      users.error("at least one user is required (name and scram-verifier; " + VERIFIER_HINT + ")");
    }
    for (ConfigNode user : elements) {
      ConfigNode nameKey = user.get("name");
      Optional<String> name = nameKey.requiredString();
      name.filter(n -> n.length() > 63).ifPresent(n -> nameKey.error("must have at most 63 characters"));
      name.ifPresent(n -> {
        ConfigPath previous = seen.putIfAbsent(n, nameKey.path());
        if (previous != null) {
          nameKey.error("\"" + n + "\" is already defined at " + previous);
        }
      });
      Optional<ScramVerifier> verifier = verifier(user.get("scram-verifier"), secrets);
      if (name.isPresent() && name.get().length() <= 63 && verifier.isPresent()) {
        result.add(new UserConfig(name.get(), verifier.get()));
      }
    }
    return result;
  }

  private static Optional<ScramVerifier> verifier(ConfigNode key, SecretResolver secrets) {
    Optional<String> text = key.text();
    if (text.isEmpty() || text.get().isBlank()) {
      key.error("is required (" + VERIFIER_HINT + ")");
      return Optional.empty();
    }
    String value = text.get().strip();
    if (!SecretResolver.isReference(value)) {
      return parse(key, value, "not a SCRAM-SHA-256 verifier");
    }
    Optional<Secret> secret = secrets.resolve(key);
    return secret.flatMap(s -> parse(key, s.value().strip(),
        value.startsWith("literal:") ? "not a SCRAM-SHA-256 verifier"
            : value + " does not hold a SCRAM-SHA-256 verifier"));
  }

  private static Optional<ScramVerifier> parse(ConfigNode key, String text, String problem) {
    Optional<ScramVerifier> verifier = ScramVerifier.tryParse(text);
    if (verifier.isEmpty()) {
      key.error(problem + " (" + VERIFIER_HINT + ")");
    }
    return verifier;
  }
}
