package dev.jitgate.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jitgate.proxy.JitSettings;
import dev.jitgate.proxy.provision.ManagedRoleNames;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code proxy.access} and {@code proxy.jit}: grant mode, its defaults, its keys and its errors. */
class GrantModeConfigTest {

  @TempDir Path dir;

  private static final String GRANTS = """
      proxy:
        listen:
          tls:
            dev-ca-directory: ./ca
        access: grants
      store:
        sqlite:
          path: ./state/jitgate.db
      """;

  private static ProxyRoleConfig proxy(LoadedConfig loaded) {
    return loaded.config().proxy().orElseThrow();
  }

  private static JitSettings jit(LoadedConfig loaded) {
    return ((ProxyAccess.Grants) proxy(loaded).access()).settings();
  }

  private static ConfigException errors(String yaml, Path dir, Map<String, String> env) {
    try {
      TestConfigs.load(yaml, dir, env);
    } catch (ConfigException e) {
      return e;
    }
    throw new AssertionError("expected configuration errors for:\n" + yaml);
  }

  @Test
  void grantModeWithDefaults() throws Exception {
    LoadedConfig loaded = TestConfigs.load(GRANTS, dir);
    assertThat(proxy(loaded).access()).isInstanceOf(ProxyAccess.Grants.class);
    assertThat(jit(loaded)).isEqualTo(JitSettings.DEFAULTS);
    assertThat(proxy(loaded).proxy().users()).isEmpty();
    assertThat(proxy(loaded).proxy().routes()).isEmpty();
    assertThat(loaded.config().store()).isEqualTo(new StoreConfig.Sqlite(dir.resolve("state/jitgate.db")));
    assertThat(loaded.warnings()).isEmpty();
  }

  @Test
  void grantModeIsTheDefaultWithoutUsersAndRoutes() throws Exception {
    LoadedConfig loaded = TestConfigs.load(GRANTS.replace("  access: grants\n", ""), dir);
    assertThat(proxy(loaded).access().configName()).isEqualTo("grants");
  }

  @Test
  void staticModeIsTheDefaultWithUsersAndRoutes() throws Exception {
    LoadedConfig loaded = TestConfigs.load(TestConfigs.minimal(), dir);
    assertThat(proxy(loaded).access()).isEqualTo(new ProxyAccess.Static());
    assertThat(proxy(loaded).proxy().users()).hasSize(1);
  }

  @Test
  void jitKeysMapToJitSettings() throws Exception {
    LoadedConfig loaded = TestConfigs.load(GRANTS.replace("  access: grants\n", """
          access: grants
          jit:
            connection-limit: 3
            reconcile-interval: 30s
            upstream-connect-timeout: 2s
            provisioning-threads: 8
            role-prefix: acme_jit
        """), dir);
    JitSettings settings = jit(loaded);
    assertThat(settings.connectionLimit()).isEqualTo(3);
    assertThat(settings.reconcileInterval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(settings.upstreamConnectTimeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(settings.provisioningThreads()).isEqualTo(8);
    assertThat(settings.roleNames()).isEqualTo(ManagedRoleNames.withPrefix("acme_jit"));
    assertThat(settings.roleNames().marker()).isEqualTo("acme_jit_managed");
  }

  @Test
  void environmentOverridesJitKeysAndAccess() throws Exception {
    String yaml = GRANTS.replace("  access: grants\n", "  access: static\n");
    LoadedConfig loaded = TestConfigs.load(yaml, dir, Map.of(
        "JITGATE_PROXY_ACCESS", "grants",
        "JITGATE_PROXY_JIT_CONNECTION_LIMIT", "25",
        "JITGATE_PROXY_JIT_ROLE_PREFIX", "team_a"));
    assertThat(jit(loaded).connectionLimit()).isEqualTo(25);
    assertThat(jit(loaded).roleNames().read()).isEqualTo("team_a_read");
  }

  @Test
  void overriddenJitErrorsNameTheVariable() {
    ConfigException e = errors(GRANTS, dir, Map.of("JITGATE_PROXY_JIT_PROVISIONING_THREADS", "many"));
    assertThat(e.errors()).singleElement().satisfies(err -> {
      assertThat(err.key()).isEqualTo("proxy.jit.provisioning-threads");
      assertThat(err.message()).contains("not a whole number").contains("JITGATE_PROXY_JIT_PROVISIONING_THREADS");
    });
  }

  @Test
  void usersAndRoutesMustBeAbsentInGrantMode() {
    String yaml = TestConfigs.minimal().replace("proxy:\n", "proxy:\n  access: grants\n")
        + "store:\n  sqlite:\n    path: ./s.db\n";
    ConfigException e = errors(yaml, dir, TestConfigs.ENV);
    assertThat(e.errors()).extracting(ConfigError::key).containsExactlyInAnyOrder("proxy.users", "proxy.routes");
    assertThat(e.errors()).allSatisfy(err -> assertThat(err.message())
        .contains("must be absent when proxy.access is grants").contains("proxy.access: static"));
  }

  @Test
  void grantModeNeedsAStoreSection() {
    ConfigException e = errors(GRANTS.substring(0, GRANTS.indexOf("store:")), dir, Map.of());
    assertThat(e.errors()).singleElement().satisfies(err -> {
      assertThat(err.key()).isEqualTo("store");
      assertThat(err.message()).contains("proxy.access is grants").contains("store: {sqlite:");
    });
  }

  @Test
  void storeGivenByEnvironmentCounts() throws Exception {
    LoadedConfig loaded = TestConfigs.load(GRANTS.substring(0, GRANTS.indexOf("store:")), dir,
        Map.of("JITGATE_STORE_KIND", "sqlite"));
    assertThat(proxy(loaded).access()).isInstanceOf(ProxyAccess.Grants.class);
  }

  @Test
  void unknownAccessModeIsNamed() {
    ConfigException e = errors(GRANTS.replace("access: grants", "access: grant"), dir, Map.of());
    assertThat(e.errors()).singleElement().satisfies(err -> {
      assertThat(err.key()).isEqualTo("proxy.access");
      assertThat(err.message()).contains("\"grant\" is not one of static, grants");
    });
  }

  @ParameterizedTest
  @ValueSource(strings = {"connection-limit: 0", "connection-limit: 10001", "provisioning-threads: 0",
      "provisioning-threads: 65", "reconcile-interval: 10ms", "upstream-connect-timeout: 0",
      "role-prefix: Jitgate", "role-prefix: jit", "role-prefix: jit_x", "role-prefix: 9abc", "unknown-key: 1"})
  void invalidJitValuesNameTheirKey(String line) {
    ConfigException e = errors(GRANTS.replace("  access: grants\n", "  access: grants\n  jit:\n    " + line + "\n"),
        dir, Map.of());
    String key = line.substring(0, line.indexOf(':'));
    assertThat(e.errors()).singleElement().satisfies(err -> assertThat(err.key()).isEqualTo("proxy.jit." + key));
  }

  @Test
  void jitInStaticModeIsWarnedAbout() throws Exception {
    String yaml = TestConfigs.minimal().replace("proxy:\n", "proxy:\n  jit:\n    connection-limit: 5\n");
    LoadedConfig loaded = TestConfigs.load(yaml, dir);
    assertThat(proxy(loaded).access()).isInstanceOf(ProxyAccess.Static.class);
    assertThat(loaded.warnings()).singleElement().satisfies(w -> {
      assertThat(w.key()).isEqualTo("proxy.jit");
      assertThat(w.message()).contains("ignored because proxy.access is static");
    });
  }

  @Test
  void adminAndGrantProxyShareOneStore() throws Exception {
    LoadedConfig loaded = TestConfigs.load(GRANTS + "admin:\n  listen:\n    port: 0\n", dir);
    assertThat(loaded.config().admin()).isPresent();
    assertThat(loaded.config().proxy()).isPresent();
  }
}
