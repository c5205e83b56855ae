package dev.jitgate.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.jitgate.app.config.ConfigSchema.ListOf;
import dev.jitgate.app.config.ConfigSchema.Scalar;
import dev.jitgate.app.config.ConfigSchema.ScalarMap;
import dev.jitgate.app.config.ConfigSchema.Scalars;
import dev.jitgate.app.config.ConfigSchema.Section;
import dev.jitgate.app.config.ConfigSchema.Shape;
import dev.jitgate.proxy.config.ProxyConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped example parses (with its secrets supplied) and shows every key (the production-only TLS
 * files as comments); docs/configuration.md describes every key.
 */
class ExampleConfigTest {

  /** docs/ of the repository, seen from the app module's directory (where Maven runs tests). */
  private static final Path DOCS = Path.of("..", "docs", "configuration.md");

  @TempDir Path dir;

  private static String example() throws IOException {
    try (InputStream in = ExampleConfigTest.class.getResourceAsStream("/jitgate.example.yaml")) {
      assertThat(in).as("jitgate.example.yaml on the class path").isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void exampleParsesWithItsSecretsFromTheEnvironment() throws Exception {
    Path bundle = Files.writeString(dir.resolve("rds-bundle.pem"), "placeholder");
    Map<String, String> env = Map.of(
        "ALICE_SCRAM_VERIFIER", TestConfigs.VERIFIER,
        "APPDB_PASSWORD", TestConfigs.UPSTREAM_PASSWORD,
        "JITGATE_PROXY_ROUTES_0_UPSTREAM_SSLROOTCERT", bundle.toString());
    LoadedConfig loaded = TestConfigs.load(example(), dir, env);

    assertThat(loaded.warnings()).isEmpty();
    ProxyConfig proxy = loaded.config().proxy().orElseThrow().proxy();
    assertThat(proxy.proxyName()).isEqualTo("jitgate-1");
    assertThat(proxy.listener().port()).isEqualTo(6432);
    assertThat(proxy.listener().tls().devCaDirectory()).isEqualTo(dir.toAbsolutePath().resolve("jitgate-ca"));
    assertThat(proxy.users()).extracting(u -> u.name()).containsExactly("alice");
    assertThat(proxy.routes().get(0).upstream().password().value()).isEqualTo(TestConfigs.UPSTREAM_PASSWORD);
    assertThat(proxy.routes().get(0).upstream().sslRootCert()).isEqualTo(bundle);
  }

  @Test
  void exampleShowsEveryKey() throws Exception {
    String text = example();
    JsonNode tree = new ObjectMapper(new YAMLFactory()).readTree(text);
    List<String> missing = new ArrayList<>();
    for (String path : keyPaths(ConfigSchema.ROOT, "")) {
      String key = path.substring(path.lastIndexOf('.') + 1);
      boolean commentedOut = java.util.regex.Pattern.compile("#\\s+" + java.util.regex.Pattern.quote(key) + ": ")
          .matcher(text).find();
      if (!present(tree, path) && !commentedOut) {
        missing.add(path);
      }
    }
    assertThat(missing).as("keys missing from jitgate.example.yaml").isEmpty();
  }

  @Test
  void docsDescribeEveryKey() throws Exception {
    String docs = Files.readString(DOCS);
    List<String> paths = keyPaths(ConfigSchema.ROOT, "");
    assertThat(paths).hasSizeGreaterThan(30);
    assertThat(paths).allSatisfy(path -> assertThat(docs).as("docs/configuration.md").contains("`" + path + "`"));
  }

  /** Every leaf key as a dotted path, lists as {@code []}: {@code proxy.routes[].upstream.host}. */
  static List<String> keyPaths(Shape shape, String prefix) {
    List<String> paths = new ArrayList<>();
    switch (shape) {
      case Section section -> section.keys().forEach((key, child) ->
          paths.addAll(keyPaths(child, prefix.isEmpty() ? key : prefix + "." + key)));
      case ListOf list -> paths.addAll(keyPaths(list.element(), prefix + "[]"));
      case Scalar value -> paths.add(prefix);
      case Scalars values -> paths.add(prefix);
      case ScalarMap map -> paths.add(prefix);
    }
    return paths;
  }

  private static boolean present(JsonNode tree, String path) {
    JsonNode node = tree;
    for (String part : path.split("\\.")) {
      boolean list = part.endsWith("[]");
      node = node.get(list ? part.substring(0, part.length() - 2) : part);
      if (node == null) {
        return false;
      }
      if (list) {
        node = node.get(0);
        if (node == null) {
          return false;
        }
      }
    }
    return true;
  }
}
