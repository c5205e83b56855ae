package dev.jitgate.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jitgate.proxy.config.ProxyConfig;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnvOverridesTest {

  @TempDir Path dir;

  private JitgateConfig load(Map<String, String> overrides) throws ConfigException {
    return load(TestConfigs.minimal(), overrides);
  }

  private JitgateConfig load(String yaml, Map<String, String> overrides) throws ConfigException {
    Map<String, String> env = new HashMap<>(TestConfigs.ENV);
    env.putAll(overrides);
    return TestConfigs.load(yaml, dir, env).config();
  }

  @Test
  void overridesScalarsAtAnyDepth() throws Exception {
    JitgateConfig config = load(Map.of(
        "JITGATE_PROXY_LISTEN_PORT", "7000",
        "JITGATE_PROXY_ROUTES_0_UPSTREAM_HOST", "db2",
        "JITGATE_LOGGING_LEVEL", "debug",
        "JITGATE_PROXY_LISTEN_TLS_DIRECT_TLS", "false",
        "JITGATE_PROXY_WORKER_THREADS", "3"));
    ProxyConfig proxy = config.proxy().orElseThrow().proxy();
    assertThat(proxy.listener().port()).isEqualTo(7000);
    assertThat(proxy.routes().get(0).upstream().host()).isEqualTo("db2");
    assertThat(config.logging().level()).isEqualTo(LogLevel.DEBUG);
    assertThat(proxy.listener().tls().directTls()).isFalse();
    assertThat(config.proxy().orElseThrow().workerThreads()).isEqualTo(3);
  }

  @Test
  void keysThatArePrefixesOfOthersAreToldApart() throws Exception {
    JitgateConfig config = load(Map.of(
        "JITGATE_PROXY_LIMITS_MAX_CONNECTIONS", "10",
        "JITGATE_PROXY_LIMITS_MAX_CONNECTIONS_PER_USER", "2"));
    assertThat(config.proxy().orElseThrow().proxy().limits().maxConnections()).isEqualTo(10);
    assertThat(config.proxy().orElseThrow().proxy().limits().maxConnectionsPerUser()).isEqualTo(2);
  }

  @Test
  void createsMissingSectionsAndListElements() throws Exception {
    JitgateConfig config = load(Map.of(
        "JITGATE_PROXY_ROUTES_1_DATABASE", "reports",
        "JITGATE_PROXY_ROUTES_1_UPSTREAM_HOST", "reports.internal",
        "JITGATE_PROXY_ROUTES_1_UPSTREAM_USER", "reporter",
        "JITGATE_PROXY_ROUTES_1_UPSTREAM_PASSWORD", "env:APPDB_PASSWORD",
        "JITGATE_METRICS_LISTEN", "0.0.0.0:9000",
        "JITGATE_LOGGING_FORMAT", "json"));
    assertThat(config.proxy().orElseThrow().proxy().routes()).extracting(r -> r.database()).containsExactly("appdb", "reports");
    assertThat(config.proxy().orElseThrow().proxy().routes().get(1).upstream().host()).isEqualTo("reports.internal");
    assertThat(config.metrics()).isEqualTo(new MetricsConfig(true, "0.0.0.0", 9000));
    assertThat(config.logging().format()).isEqualTo(LogFormat.JSON);
  }

  @Test
  void valueListsWholeOrByElement() throws Exception {
    JitgateConfig config = load(Map.of(
        "JITGATE_PROXY_STARTUP_PARAMETERS_ALLOW", "application_name, search_path",
        "JITGATE_PROXY_LISTEN_TLS_SERVER_NAMES_0", "a.internal",
        "JITGATE_PROXY_LISTEN_TLS_SERVER_NAMES_1", "b.internal"));
    assertThat(config.proxy().orElseThrow().proxy().parameters().allowed()).containsExactlyInAnyOrder("application_name", "search_path");
    assertThat(config.proxy().orElseThrow().proxy().listener().tls().serverNames()).containsExactly("a.internal", "b.internal");
  }

  @Test
  void metricsCanBeSwitchedOff() throws Exception {
    assertThat(load(Map.of("JITGATE_METRICS_LISTEN", "off")).metrics().enabled()).isFalse();
  }

  @Test
  void otherVariablesAreIgnored() throws Exception {
    assertThat(load(Map.of("JITGATEWAY", "x", "PATH", "/bin", "jitgate_proxy_listen_port", "1")).proxy().orElseThrow().proxy()
        .listener().port()).isEqualTo(6432);
  }

  @Test
  void unknownVariableIsAnErrorNamingIt() {
    assertThatThrownBy(() -> load(Map.of("JITGATE_PROXY_LISTEN_PROT", "secret-value-1")))
        .isInstanceOfSatisfying(ConfigException.class, e -> {
          assertThat(e.errors()).singleElement().satisfies(err -> {
            assertThat(err.key()).isEqualTo("JITGATE_PROXY_LISTEN_PROT");
            assertThat(err.message()).contains("no configuration key matches");
          });
          assertThat(e.getMessage()).doesNotContain("secret-value-1");
        });
  }

  @Test
  void sectionsCannotBeSetWhole() {
    assertThatThrownBy(() -> load(Map.of("JITGATE_PROXY_LISTEN", "x", "JITGATE_PROXY_ROUTES", "y")))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.errors())
            .extracting(ConfigError::toString)
            .containsExactly(
                "JITGATE_PROXY_LISTEN: names the section proxy.listen; set one of its keys instead, e.g. JITGATE_PROXY_LISTEN_HOST",
                "JITGATE_PROXY_ROUTES: names the list proxy.routes; set its elements' keys instead, e.g. JITGATE_PROXY_ROUTES_0_..."));
  }

  @Test
  void invalidOverrideNamesTheVariable() {
    assertThatThrownBy(() -> load(Map.of("JITGATE_PROXY_LISTEN_PORT", "seventy")))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.errors())
            .extracting(ConfigError::toString)
            .containsExactly("proxy.listen.port: \"seventy\" is not a whole number (set by JITGATE_PROXY_LISTEN_PORT)"));
  }

  @Test
  void overrideReplacesAMisshapenValue() throws Exception {
    String yaml = TestConfigs.minimal() + "metrics: off\n";
    assertThat(load(yaml, Map.of("JITGATE_METRICS_LISTEN", "127.0.0.1:1")).metrics())
        .isEqualTo(new MetricsConfig(true, "127.0.0.1", 1));
  }
}
