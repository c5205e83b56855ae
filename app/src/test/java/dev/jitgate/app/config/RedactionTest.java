package dev.jitgate.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jitgate.pg.scram.ScramVerifier;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Neither passwords nor verifiers show up in a parsed configuration's toString or in error messages. */
class RedactionTest {

  @TempDir Path dir;

  private static List<String> secretFragments() {
    ScramVerifier v = ScramVerifier.parse(TestConfigs.VERIFIER);
    return List.of(
        TestConfigs.UPSTREAM_PASSWORD,
        TestConfigs.VERIFIER,
        Base64.getEncoder().encodeToString(v.storedKey()),
        Base64.getEncoder().encodeToString(v.serverKey()));
  }

  @Test
  void parsedConfigToStringHidesSecrets() throws Exception {
    LoadedConfig loaded = TestConfigs.load(TestConfigs.minimal(), dir);
    String text = loaded.toString();
    assertThat(text).contains("db.internal", "alice", "<redacted>");
    secretFragments().forEach(s -> assertThat(text).doesNotContain(s));
  }

  @Test
  void errorsElsewhereDoNotLeakTheResolvedSecrets() {
    String yaml = TestConfigs.minimal() + "logging:\n  level: loud\n";
    try {
      TestConfigs.load(yaml, dir);
    } catch (ConfigException e) {
      secretFragments().forEach(s -> assertThat(e.getMessage()).doesNotContain(s));
      return;
    }
    throw new AssertionError("expected a configuration error");
  }

  @Test
  void verifierOrPasswordInTheWrongPlaceIsNotEchoed() {
    String yaml = TestConfigs.minimal()
        .replace("password: env:APPDB_PASSWORD", "password: \"" + TestConfigs.UPSTREAM_PASSWORD + "\"")
        .replace("  routes:", "    - name: bob\n      scram-verifier: \"" + TestConfigs.UPSTREAM_PASSWORD + "\"\n  routes:");
    try {
      TestConfigs.load(yaml, dir, Map.of());
    } catch (ConfigException e) {
      assertThat(e.errors()).hasSize(2);
      assertThat(e.getMessage()).doesNotContain(TestConfigs.UPSTREAM_PASSWORD);
      return;
    }
    throw new AssertionError("expected a configuration error");
  }
}
