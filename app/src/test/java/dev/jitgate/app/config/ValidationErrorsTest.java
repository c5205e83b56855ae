package dev.jitgate.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each validation rule: the error names the key path and says how to fix it. */
class ValidationErrorsTest {

  @TempDir Path dir;

  private static final String MINIMAL = TestConfigs.minimal();

  private static String replace(String from, String to) {
    if (!MINIMAL.contains(from)) {
      throw new IllegalArgumentException("not in the minimal config: " + from);
    }
    return MINIMAL.replace(from, to);
  }

  /** Adds lines to the {@code proxy} section (indented by two). */
  private static String proxyWith(String lines) {
    return replace("  users:", lines.indent(2) + "  users:");
  }

  private static Arguments c(String name, String yaml, String... expected) {
    return Arguments.of(name, yaml, List.of(expected));
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        c("bad sslmode",
            replace("user: app_user", "user: app_user\n        sslmode: verify_ful"),
            "proxy.routes[0].upstream.sslmode: \"verify_ful\" is not one of disable, allow, prefer, require, verify-ca, verify-full"),
        c("bad verifier of the second user",
            replace("  routes:", "    - name: bob\n      scram-verifier: \"bobs-password\"\n  routes:"),
            "proxy.users[1].scram-verifier: not a SCRAM-SHA-256 verifier (generate one with: jitgate scram-verifier)"),
        c("missing verifier",
            replace("      scram-verifier: \"" + TestConfigs.VERIFIER + "\"\n", ""),
            "proxy.users[0].scram-verifier: is required (generate one with: jitgate scram-verifier)"),
        c("missing user name",
            replace("- name: alice", "- name: \"\""),
            "proxy.users[0].name: is required"),
        c("long user name",
            replace("- name: alice", "- name: " + "a".repeat(64)),
            "proxy.users[0].name: must have at most 63 characters"),
        c("duplicate user",
            replace("  routes:", "    - name: alice\n      scram-verifier: \"" + TestConfigs.VERIFIER + "\"\n  routes:"),
            "proxy.users[1].name: \"alice\" is already defined at proxy.users[0].name"),
        c("no users",
            MINIMAL.replaceAll("(?s)  users:.*?  routes:", "  users: []\n  routes:"),
            "proxy.users: at least one user is required (name and scram-verifier; generate one with: jitgate scram-verifier)"),
        c("no routes",
            MINIMAL.replaceAll("(?s)  routes:.*", "  routes: []\n"),
            "proxy.routes: at least one route is required (database and upstream)"),
        c("duplicate route",
            MINIMAL + MINIMAL.substring(MINIMAL.indexOf("    - database")),
            "proxy.routes[1].database: database \"appdb\" is already routed at proxy.routes[0].database"),
        c("route without upstream",
            replace("  routes:\n", "  routes:\n    - database: other\n"),
            "proxy.routes[0].upstream: is required (host, user, password, ...)"),
        c("route without database",
            replace("- database: appdb", "- database:"),
            "proxy.routes[0].database: is required"),
        c("upstream without host",
            replace("        host: db.internal\n", ""),
            "proxy.routes[0].upstream.host: is required"),
        c("upstream without user",
            replace("        user: app_user\n", ""),
            "proxy.routes[0].upstream.user: is required"),
        c("upstream without password",
            replace("        password: env:APPDB_PASSWORD\n", ""),
            "proxy.routes[0].upstream.password: is required unless minimum-auth is trust"
                + " (use env:NAME or file:/path (or literal:<value> for development only))"),
        c("bad upstream port",
            replace("user: app_user", "user: app_user\n        port: 0"),
            "proxy.routes[0].upstream.port: must be between 1 and 65535, got 0"),
        c("bad minimum-auth",
            replace("user: app_user", "user: app_user\n        minimum-auth: kerberos"),
            "proxy.routes[0].upstream.minimum-auth: \"kerberos\" is not one of trust, password, md5, scram-sha-256"),
        c("bad connect-timeout",
            replace("user: app_user", "user: app_user\n        connect-timeout: 10 seconds"),
            "proxy.routes[0].upstream.connect-timeout: \"10 seconds\" is not a duration"
                + " (use e.g. 500ms, 10s, 5m, 1h, 2d or ISO-8601 PT10S)"),
        c("missing sslrootcert",
            replace("user: app_user", "user: app_user\n        sslrootcert: nope.pem"),
            "proxy.routes[0].upstream.sslrootcert: file {dir}/nope.pem does not exist or is not readable"),
        c("bad listen port",
            replace("  listen:\n", "  listen:\n    port: 70000\n"),
            "proxy.listen.port: must be between 0 and 65535, got 70000"),
        c("listen port not a number",
            replace("  listen:\n", "  listen:\n    port: sixty\n"),
            "proxy.listen.port: \"sixty\" is not a whole number"),
        c("bad tls mode",
            replace("dev-ca-directory: ./ca", "dev-ca-directory: ./ca\n      mode: mandatory"),
            "proxy.listen.tls.mode: \"mandatory\" is not one of disable, allow, prefer, require"),
        c("tls without certificate or CA",
            replace("      dev-ca-directory: ./ca\n", "      mode: require\n"),
            "proxy.listen.tls: mode require needs certificate and key files, or dev-ca-directory for a generated"
                + " development CA (or mode: disable)"),
        c("missing certificate file",
            replace("dev-ca-directory: ./ca", "certificate: server.crt\n      key: /etc/passwd"),
            "proxy.listen.tls.certificate: file {dir}/server.crt does not exist or is not readable"),
        c("certificate without key",
            replace("dev-ca-directory: ./ca", "dev-ca-directory: ./ca\n      certificate: /etc/passwd"),
            "proxy.listen.tls.key: certificate and key must be set together (PEM chain and its private key)"),
        c("bad direct-tls",
            replace("dev-ca-directory: ./ca", "dev-ca-directory: ./ca\n      direct-tls: maybe"),
            "proxy.listen.tls.direct-tls: \"maybe\" is not true or false"),
        c("negative worker threads",
            proxyWith("worker-threads: -1"),
            "proxy.worker-threads: must be between 0 and 4096, got -1"),
        c("blank proxy name",
            proxyWith("name: \"  \""),
            "proxy.name: must not be empty"),
        c("zero upstream reuse idle timeout",
            proxyWith("upstream-reuse:\n  enabled: true\n  idle-timeout: 0s"),
            "proxy.upstream-reuse.idle-timeout: must be at least 1ms"),
        c("zero kept upstream connections",
            proxyWith("upstream-reuse:\n  max-idle-per-target: 0"),
            "proxy.upstream-reuse.max-idle-per-target: must be between 1 and 10000, got 0"),
        c("zero max-connections",
            proxyWith("limits:\n  max-connections: 0"),
            "proxy.limits.max-connections: must be between 1 and 1000000, got 0"),
        c("negative per-user limit",
            proxyWith("limits:\n  max-connections-per-user: -2"),
            "proxy.limits.max-connections-per-user: must be between 0 and 1000000, got -2"),
        c("zero login timeout",
            proxyWith("limits:\n  login-timeout: 0s"),
            "proxy.limits.login-timeout: must be at least 1ms"),
        c("negative idle timeout",
            proxyWith("limits:\n  idle-timeout: -5m"),
            "proxy.limits.idle-timeout: \"-5m\" is not a duration (use e.g. 500ms, 10s, 5m, 1h, 2d or ISO-8601 PT10S)"),
        c("negative ISO grace",
            proxyWith("limits:\n  shutdown-grace: PT-1S"),
            "proxy.limits.shutdown-grace: \"PT-1S\" is not a duration (use e.g. 500ms, 10s, 5m, 1h, 2d or ISO-8601 PT10S)"),
        c("bad auth failure delay",
            proxyWith("limits:\n  auth-failure-delay: soon"),
            "proxy.limits.auth-failure-delay: \"soon\" is not a duration (use e.g. 500ms, 10s, 5m, 1h, 2d or ISO-8601 PT10S)"),
        c("startup packet limit above PostgreSQL's",
            proxyWith("codec:\n  max-startup-packet-length: 20000"),
            "proxy.codec.max-startup-packet-length: must be between 8 and 10000, got 20000"),
        c("auth message limit too small",
            proxyWith("codec:\n  max-auth-message-length: 1"),
            "proxy.codec.max-auth-message-length: must be between 5 and 1048576, got 1"),
        c("frontend limit not a number",
            proxyWith("codec:\n  max-frontend-message-length: 1GB"),
            "proxy.codec.max-frontend-message-length: \"1GB\" is not a whole number"),
        c("backend limit too small",
            proxyWith("codec:\n  max-backend-message-length: 4"),
            "proxy.codec.max-backend-message-length: must be between 5 and 1073741823, got 4"),
        c("empty startup parameter",
            proxyWith("startup-parameters:\n  allow: [application_name, \"\"]"),
            "proxy.startup-parameters.allow[1]: must not be empty"),
        c("bad metrics listen",
            MINIMAL + "metrics:\n  listen: everywhere\n",
            "metrics.listen: \"everywhere\" is not host:port (e.g. 127.0.0.1:9187, [::1]:9187) or off"),
        c("bad metrics port",
            MINIMAL + "metrics:\n  listen: 127.0.0.1:99999\n",
            "metrics.listen: \"127.0.0.1:99999\" is not host:port (e.g. 127.0.0.1:9187, [::1]:9187) or off"),
        c("bad log level",
            MINIMAL + "logging:\n  level: verbose\n",
            "logging.level: \"verbose\" is not one of trace, debug, info, warn, error"),
        c("bad log format",
            MINIMAL + "logging:\n  format: xml\n",
            "logging.format: \"xml\" is not one of text, json"),
        c("unknown key",
            replace("dev-ca-directory: ./ca", "dev-ca-directory: ./ca\n      moed: require"),
            "proxy.listen.tls.moed: unknown key; valid keys here are mode, certificate, key, dev-ca-directory,"
                + " server-names, direct-tls"),
        c("unknown top-level key",
            MINIMAL + "proxi:\n  name: x\n",
            "proxi: unknown key; valid keys here are proxy, admin, auditor, store, metrics, logging"),
        c("camel case key",
            replace("user: app_user", "user: app_user\n        sslMode: verify-full"),
            "proxy.routes[0].upstream.sslMode: unknown key; valid keys here are host, port, database, user, password,"
                + " sslmode, sslrootcert, minimum-auth, connect-timeout"),
        c("list where a mapping belongs",
            replace("  listen:\n    tls:\n      dev-ca-directory: ./ca\n", "  listen: [a, b]\n"),
            "proxy.listen: expected a mapping with keys host, port, tls",
            "proxy.listen.tls: mode require needs certificate and key files, or dev-ca-directory for a generated"
                + " development CA (or mode: disable)"),
        c("mapping where a list belongs",
            MINIMAL.replaceAll("(?s)  users:.*?  routes:", "  users:\n    name: alice\n  routes:"),
            "proxy.users: expected a list"),
        c("mapping where a value belongs",
            replace("host: db.internal", "host:\n          name: db.internal"),
            "proxy.routes[0].upstream.host: expected a single value, not a mapping"),
        c("value where a value list belongs",
            proxyWith("startup-parameters:\n  allow: application_name"),
            "proxy.startup-parameters.allow: expected a list of values, e.g. [a, b]"),
        c("duplicate key",
            replace("  listen:\n", "  listen:\n    port: 1\n    port: 2\n"),
            "configuration: not valid YAML: line 4, column 9: Duplicate field 'port'"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void reportsTheKeyAndTheFix(String name, String yaml, List<String> expected) {
    String[] messages = expected.stream().map(m -> m.replace("{dir}", dir.toAbsolutePath().toString()))
        .toArray(String[]::new);
    assertThatThrownBy(() -> TestConfigs.load(yaml, dir))
        .isInstanceOfSatisfying(ConfigException.class,
            e -> assertThat(e.errors()).extracting(ConfigError::toString).containsExactly(messages));
  }

  @Test
  void collectsEveryErrorNotJustTheFirst() {
    String yaml = replace("user: app_user", "user: app_user\n        sslmode: verify_ful\n        port: x")
        + "logging:\n  level: loud\n  colour: true\n";
    assertThatThrownBy(() -> TestConfigs.load(yaml, dir))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.errors())
            .extracting(ConfigError::key)
            .containsExactlyInAnyOrder("proxy.routes[0].upstream.sslmode", "proxy.routes[0].upstream.port",
                "logging.level", "logging.colour"));
  }

  @Test
  void emptyFileNamesWhatIsMissing() {
    assertThatThrownBy(() -> TestConfigs.load("", dir))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.errors()).extracting(ConfigError::key)
            .containsExactlyInAnyOrder("proxy.listen.tls", "store"));
  }

  @Test
  void yamlSyntaxErrorGivesLineButNotTheLineText() {
    String yaml = "proxy:\n  routes:\n    - password: \"literal:hunter2-very-secret\n  users: [\n";
    assertThatThrownBy(() -> TestConfigs.load(yaml, dir))
        .isInstanceOfSatisfying(ConfigException.class, e -> {
          assertThat(e.errors()).singleElement().satisfies(err -> {
            assertThat(err.key()).isEqualTo("configuration");
            assertThat(err.message()).startsWith("not valid YAML: line ");
          });
          assertThat(e.getMessage()).doesNotContain("hunter2");
        });
  }

  @Test
  void topLevelMustBeAMapping() {
    assertThatThrownBy(() -> TestConfigs.load("- a\n- b\n", dir))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.errors()).extracting(ConfigError::toString)
            .containsExactly("configuration: the top level must be a mapping with keys proxy, admin, auditor, store, metrics, logging"));
  }

  @Test
  void missingFileIsAConfigError() {
    Path missing = dir.resolve("nope.yaml");
    assertThatThrownBy(() -> new ConfigLoader(TestConfigs.ENV, () -> "h").load(missing))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.errors())
            .isEqualTo(List.of(new ConfigError(missing.toString(), "file not found"))));
  }
}
