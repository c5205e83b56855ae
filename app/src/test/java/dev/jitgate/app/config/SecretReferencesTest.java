package dev.jitgate.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jitgate.proxy.config.Secret;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** env:, file: and literal: references for passwords and verifiers; bare literals are refused. */
class SecretReferencesTest {

  private static final String PASSWORD_LINE = "password: env:APPDB_PASSWORD";
  private static final String VALUE = "Zq8-very-secret-value";

  @TempDir Path dir;

  private String withPassword(String reference) {
    return TestConfigs.minimal().replace(PASSWORD_LINE, "password: \"" + reference + "\"");
  }

  private Secret upstreamPassword(LoadedConfig loaded) {
    return loaded.config().proxy().orElseThrow().proxy().routes().get(0).upstream().password();
  }

  private ConfigException failure(String yaml, Map<String, String> env) {
    try {
      TestConfigs.load(yaml, dir, env);
    } catch (ConfigException e) {
      return e;
    }
    throw new AssertionError("expected a configuration error");
  }

  @Test
  void envReference() throws Exception {
    LoadedConfig loaded = TestConfigs.load(withPassword("env:DB_PW"), dir, Map.of("DB_PW", VALUE));
    assertThat(upstreamPassword(loaded).value()).isEqualTo(VALUE);
    assertThat(loaded.warnings()).isEmpty();
  }

  @Test
  void fileReferenceRelativeToTheConfigDirectoryWithTrailingNewlineStripped() throws Exception {
    Files.createDirectories(dir.resolve("secrets"));
    Files.writeString(dir.resolve("secrets/db"), VALUE + "\r\n\n");
    LoadedConfig loaded = TestConfigs.load(withPassword("file:secrets/db"), dir, Map.of());
    assertThat(upstreamPassword(loaded).value()).isEqualTo(VALUE);
  }

  @Test
  void fileReferenceWithAbsolutePath() throws Exception {
    Path file = Files.writeString(dir.resolve("pw.txt"), VALUE);
    LoadedConfig loaded = TestConfigs.load(withPassword("file:" + file.toAbsolutePath()), dir, Map.of());
    assertThat(upstreamPassword(loaded).value()).isEqualTo(VALUE);
  }

  @Test
  void literalIsAcceptedWithAWarningThatOmitsTheValue() throws Exception {
    LoadedConfig loaded = TestConfigs.load(withPassword("literal:" + VALUE), dir, Map.of());
    assertThat(upstreamPassword(loaded).value()).isEqualTo(VALUE);
    assertThat(loaded.warnings()).extracting(ConfigError::toString).containsExactly(
        "proxy.routes[0].upstream.password: holds a literal secret; use env: or file: references outside development");
  }

  @Test
  void bareLiteralIsRefusedWithoutEchoingIt() {
    ConfigException e = failure(withPassword(VALUE), Map.of());
    assertThat(e.errors()).extracting(ConfigError::toString).containsExactly(
        "proxy.routes[0].upstream.password: a literal secret is refused;"
            + " use env:NAME or file:/path (or literal:<value> for development only)");
    assertThat(e.getMessage()).doesNotContain(VALUE);
  }

  @Test
  void unsetVariableIsNamed() {
    ConfigException e = failure(withPassword("env:NOT_SET_ANYWHERE"), Map.of());
    assertThat(e.errors()).extracting(ConfigError::toString).containsExactly(
        "proxy.routes[0].upstream.password: environment variable NOT_SET_ANYWHERE is not set"
            + " (referenced as env:NOT_SET_ANYWHERE)");
  }

  @Test
  void emptyVariableIsAnError() {
    ConfigException e = failure(withPassword("env:EMPTY"), Map.of("EMPTY", ""));
    assertThat(e.errors()).extracting(ConfigError::toString)
        .containsExactly("proxy.routes[0].upstream.password: env:EMPTY resolves to an empty value");
  }

  @Test
  void invalidVariableNameIsAnError() {
    ConfigException e = failure(withPassword("env:A-B"), Map.of());
    assertThat(e.errors()).extracting(ConfigError::toString)
        .containsExactly("proxy.routes[0].upstream.password: env:A-B is not a valid environment variable name");
  }

  @Test
  void missingFileIsNamed() {
    ConfigException e = failure(withPassword("file:missing.txt"), Map.of());
    assertThat(e.errors()).extracting(ConfigError::toString).containsExactly(
        "proxy.routes[0].upstream.password: secret file " + dir.toAbsolutePath().resolve("missing.txt")
            + " does not exist (referenced as file:missing.txt)");
  }

  @Test
  void awsSecretsManagerIsNotSupportedYet() {
    ConfigException e = failure(withPassword("aws-secretsmanager:arn:aws:secretsmanager:eu-west-1:1:secret:x"), Map.of());
    assertThat(e.errors()).singleElement().satisfies(err -> assertThat(err.message()).startsWith(
        "aws-secretsmanager: references are not supported yet"));
  }

  @Test
  void verifierFromEnvironmentOrFile() throws Exception {
    Files.writeString(dir.resolve("alice.scram"), TestConfigs.VERIFIER + "\n");
    String yaml = TestConfigs.minimal().replace("\"" + TestConfigs.VERIFIER + "\"", "env:ALICE_VERIFIER")
        .replace("  routes:", "    - name: bob\n      scram-verifier: file:alice.scram\n  routes:");
    LoadedConfig loaded = TestConfigs.load(yaml, dir, Map.of(
        "ALICE_VERIFIER", TestConfigs.VERIFIER, "APPDB_PASSWORD", VALUE));
    assertThat(loaded.config().proxy().orElseThrow().proxy().users())
        .allSatisfy(u -> assertThat(u.verifier().matchesPassword(TestConfigs.CLIENT_PASSWORD)).isTrue());
  }

  @Test
  void referenceThatHoldsNoVerifierIsNamedButNotShown() {
    String yaml = TestConfigs.minimal().replace("\"" + TestConfigs.VERIFIER + "\"", "env:ALICE_VERIFIER");
    ConfigException e = failure(yaml, Map.of("ALICE_VERIFIER", VALUE, "APPDB_PASSWORD", "x"));
    assertThat(e.errors()).extracting(ConfigError::toString).containsExactly(
        "proxy.users[0].scram-verifier: env:ALICE_VERIFIER does not hold a SCRAM-SHA-256 verifier"
            + " (generate one with: jitgate scram-verifier)");
    assertThat(e.getMessage()).doesNotContain(VALUE);
  }
}
