package dev.jitgate.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The {@code admin} and {@code store} sections: values, defaults, role selection, errors, env overrides. */
class AdminConfigTest {

  @TempDir Path dir;

  private static final String FULL = """
      admin:
        listen:
          host: 127.0.0.1
          port: 9090
        max-body-bytes: 65536
        bootstrap-admin: root
        oidc:
          issuer: https://idp.example.com/
          jwks-url: https://idp.example.com/.well-known/jwks.json
          audience: jitgate
          principal-claim: preferred_username
          groups-claim: roles
          group-mapping:
            okta-dba: dba
            okta-sre: sre
        proxy-endpoint:
          host: jitgate.example.com
          port: 5433
          sslmode: verify-ca
      store:
        kind: postgresql
        postgresql:
          host: state.internal
          port: 5444
          database: jitgate_state
          sslmode: verify-full
          user: jitgate
          password: env:STATE_PASSWORD
          schema: control
          pool-size: 5
      """;

  private static final Map<String, String> ENV = Map.of("STATE_PASSWORD", "St4te-Pa55");

  private LoadedConfig load(String yaml) throws ConfigException {
    return TestConfigs.load(yaml, dir, ENV);
  }

  private LoadedConfig load(String yaml, Map<String, String> overrides) throws ConfigException {
    Map<String, String> env = new HashMap<>(ENV);
    env.putAll(overrides);
    return TestConfigs.load(yaml, dir, env);
  }

  @Test
  void readsEveryAdminAndStoreKey() throws Exception {
    JitgateConfig config = load(FULL).config();
    assertThat(config.proxy()).as("no proxy section: admin role only").isEmpty();
    AdminRoleConfig admin = config.admin().orElseThrow();
    assertThat(admin.host()).isEqualTo("127.0.0.1");
    assertThat(admin.port()).isEqualTo(9090);
    assertThat(admin.maxBodyBytes()).isEqualTo(65536);
    assertThat(admin.bootstrapAdmin()).isEqualTo("root");
    assertThat(admin.oidc()).contains(new OidcConfig("https://idp.example.com/",
        URI.create("https://idp.example.com/.well-known/jwks.json"), "jitgate", "preferred_username", "roles",
        Map.of("okta-dba", "dba", "okta-sre", "sre")));
    assertThat(admin.proxyEndpoint()).contains(new ProxyEndpointConfig("jitgate.example.com", 5433, "verify-ca"));
    StoreConfig.Postgres store = (StoreConfig.Postgres) config.store();
    assertThat(store.jdbcUrl()).isEqualTo("jdbc:postgresql://state.internal:5444/jitgate_state?sslmode=verify-full");
    assertThat(store.user()).isEqualTo("jitgate");
    assertThat(store.password().orElseThrow().value()).isEqualTo("St4te-Pa55");
    assertThat(store.schema()).isEqualTo("control");
    assertThat(store.poolSize()).isEqualTo(5);
  }

  @Test
  void secretsStayOutOfToString() throws Exception {
    assertThat(load(FULL).config().toString()).doesNotContain("St4te-Pa55").contains("<redacted>");
  }

  @Test
  void anEmptyAdminSectionMeansDefaults() throws Exception {
    JitgateConfig config = load("admin:\n").config();
    assertThat(config.admin()).contains(new AdminRoleConfig("127.0.0.1", 8080, 1024 * 1024, "admin",
        java.util.Optional.empty(), java.util.Optional.empty()));
    assertThat(config.store()).isEqualTo(new StoreConfig.Sqlite(dir.resolve("jitgate-state/jitgate.db")));
    assertThat(config.proxy()).isEmpty();
  }

  @Test
  void sqlitePathIsRelativeToTheConfigurationFile() throws Exception {
    JitgateConfig config = load("admin:\nstore:\n  sqlite:\n    path: state/cp.db\n").config();
    assertThat(config.store()).isEqualTo(new StoreConfig.Sqlite(dir.resolve("state/cp.db")));
  }

  @Test
  void postgresUrlIsTakenAsIsAndPasswordIsOptional() throws Exception {
    JitgateConfig config = load("""
        admin:
        store:
          kind: postgresql
          postgresql:
            url: jdbc:postgresql://a:1,b:2/state?targetServerType=primary
            user: jitgate
        """).config();
    assertThat(config.store()).isEqualTo(new StoreConfig.Postgres(
        "jdbc:postgresql://a:1,b:2/state?targetServerType=primary", "jitgate", java.util.Optional.empty(),
        "jitgate", 10));
  }

  @Test
  void aFileWithProxyAndAdminConfiguresBoth() throws Exception {
    JitgateConfig config = load(TestConfigs.minimal() + "admin:\n  listen:\n    port: 0\n",
        TestConfigs.ENV).config();
    assertThat(config.proxy()).isPresent();
    assertThat(config.admin().orElseThrow().port()).isZero();
  }

  @Test
  void aProxyOnlyFileConfiguresNoAdmin() throws Exception {
    JitgateConfig config = TestConfigs.load(TestConfigs.minimal(), dir).config();
    assertThat(config.proxy()).isPresent();
    assertThat(config.admin()).isEmpty();
    assertThat(config.store()).isInstanceOf(StoreConfig.Sqlite.class);
  }

  @Test
  void environmentOverridesReachTheNewSections() throws Exception {
    JitgateConfig config = load("admin:\n", Map.of(
        "JITGATE_ADMIN_LISTEN_PORT", "9999",
        "JITGATE_ADMIN_OIDC_ISSUER", "https://idp/",
        "JITGATE_ADMIN_OIDC_JWKS_URL", "https://idp/jwks",
        "JITGATE_ADMIN_OIDC_AUDIENCE", "jg",
        "JITGATE_ADMIN_OIDC_GROUP_MAPPING", "okta-dba=dba, okta-sre=sre",
        "JITGATE_STORE_KIND", "postgresql",
        "JITGATE_STORE_POSTGRESQL_HOST", "pg.internal",
        "JITGATE_STORE_POSTGRESQL_USER", "jg",
        "JITGATE_STORE_POSTGRESQL_PASSWORD", "env:STATE_PASSWORD")).config();
    assertThat(config.admin().orElseThrow().port()).isEqualTo(9999);
    assertThat(config.admin().orElseThrow().oidc().orElseThrow().groupMapping())
        .containsExactly(Map.entry("okta-dba", "dba"), Map.entry("okta-sre", "sre"));
    assertThat(((StoreConfig.Postgres) config.store()).jdbcUrl())
        .isEqualTo("jdbc:postgresql://pg.internal:5432/jitgate?sslmode=prefer");
  }

  @Test
  void theCommandVariablesAreNotConfigurationKeys() throws Exception {
    JitgateConfig config = load("admin:\n", Map.of(
        "JITGATE_BOOTSTRAP_TOKEN", "jgt_preset", "JITGATE_API", "http://x", "JITGATE_TOKEN", "jgt_t")).config();
    assertThat(config.admin()).isPresent();
  }

  @Test
  void aMalformedGroupMappingVariableIsNamedButNotEchoed() {
    assertThatThrownBy(() -> load("admin:\n", Map.of("JITGATE_ADMIN_OIDC_GROUP_MAPPING", "secretish-no-equals")))
        .isInstanceOfSatisfying(ConfigException.class, e -> {
          assertThat(e.errors()).extracting(ConfigError::toString).containsExactly(
              "JITGATE_ADMIN_OIDC_GROUP_MAPPING: must be comma-separated name=value pairs, e.g. okta-dba=dba,okta-sre=sre");
          assertThat(e.getMessage()).doesNotContain("secretish");
        });
  }

  @Test
  void anSqlitePathThatIsADirectoryIsRefused() throws Exception {
    Files.createDirectories(dir.resolve("state"));
    assertThatThrownBy(() -> load("admin:\nstore:\n  sqlite:\n    path: state\n"))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.errors()).extracting(ConfigError::toString)
            .containsExactly("store.sqlite.path: " + dir.resolve("state")
                + " is a directory; name the database file, e.g. ./jitgate-state/jitgate.db"));
  }

  @Test
  void warnsAboutAnIgnoredSectionAndAPublicListener() throws Exception {
    LoadedConfig loaded = load("admin:\n  listen:\n    host: 0.0.0.0\nstore:\n  postgresql:\n    user: x\n");
    assertThat(loaded.warnings()).extracting(ConfigError::key)
        .containsExactlyInAnyOrder("admin.listen.host", "store.postgresql");
  }

  private static Arguments c(String name, String yaml, String... expected) {
    return Arguments.of(name, yaml, List.of(expected));
  }

  static Stream<Arguments> badKeys() {
    return Stream.of(
        c("bad admin port", "admin:\n  listen:\n    port: 70000\n",
            "admin.listen.port: must be between 0 and 65535, got 70000"),
        c("blank admin host", "admin:\n  listen:\n    host: \" \"\n",
            "admin.listen.host: must not be empty"),
        c("tiny body limit", "admin:\n  max-body-bytes: 10\n",
            "admin.max-body-bytes: must be between 1024 and 268435456, got 10"),
        c("body limit not a number", "admin:\n  max-body-bytes: 1MiB\n",
            "admin.max-body-bytes: \"1MiB\" is not a whole number"),
        c("bad bootstrap admin", "admin:\n  bootstrap-admin: \"a\\tb\"\n",
            "admin.bootstrap-admin: \"a\tb\" is not a valid user name: must not contain control characters"),
        c("oidc without issuer, audience", "admin:\n  oidc:\n    jwks-url: https://idp/jwks\n",
            "admin.oidc.issuer: is required", "admin.oidc.audience: is required"),
        c("oidc jwks not a url", "admin:\n  oidc:\n    issuer: i\n    audience: a\n    jwks-url: ftp://idp/jwks\n",
            "admin.oidc.jwks-url: \"ftp://idp/jwks\" is not an http(s) URL, e.g. https://idp.example.com/.well-known/jwks.json"),
        c("oidc group mapping not a mapping",
            "admin:\n  oidc:\n    issuer: i\n    audience: a\n    jwks-url: https://idp/j\n    group-mapping: [a, b]\n",
            "admin.oidc.group-mapping: expected a mapping of names to values, e.g. {a: b}"),
        c("oidc group mapping empty value",
            "admin:\n  oidc:\n    issuer: i\n    audience: a\n    jwks-url: https://idp/j\n    group-mapping:\n      okta: \"\"\n",
            "admin.oidc.group-mapping.okta: must not be empty"),
        c("unknown oidc key", "admin:\n  oidc:\n    issuer: i\n    audience: a\n    jwks-url: https://idp/j\n    client-id: x\n",
            "admin.oidc.client-id: unknown key; valid keys here are issuer, jwks-url, audience, principal-claim,"
                + " groups-claim, group-mapping"),
        c("proxy endpoint without host", "admin:\n  proxy-endpoint:\n    port: 6432\n",
            "admin.proxy-endpoint.host: is required"),
        c("proxy endpoint host with a quote", "admin:\n  proxy-endpoint:\n    host: \"a'b\"\n",
            "admin.proxy-endpoint.host: \"a'b\" is not a host name or address"),
        c("proxy endpoint bad sslmode", "admin:\n  proxy-endpoint:\n    host: h\n    sslmode: verify_full\n",
            "admin.proxy-endpoint.sslmode: \"verify_full\" is not one of disable, allow, prefer, require, verify-ca, verify-full"),
        c("proxy endpoint port 0", "admin:\n  proxy-endpoint:\n    host: h\n    port: 0\n",
            "admin.proxy-endpoint.port: must be between 1 and 65535, got 0"),
        c("bad store kind", "admin:\nstore:\n  kind: mysql\n",
            "store.kind: \"mysql\" is not one of sqlite, postgresql"),
        c("postgres without host or user", "admin:\nstore:\n  kind: postgresql\n",
            "store.postgresql.host: is required (or set store.postgresql.url)", "store.postgresql.user: is required"),
        c("postgres url and host", "admin:\nstore:\n  kind: postgresql\n  postgresql:\n    url: jdbc:postgresql://a/b\n"
                + "    host: a\n    user: u\n",
            "store.postgresql.host: set either url or host/port/database/sslmode, not both"),
        c("postgres url not jdbc", "admin:\nstore:\n  kind: postgresql\n  postgresql:\n    url: postgres://a/b\n    user: u\n",
            "store.postgresql.url: must be a JDBC URL starting with jdbc:postgresql:, e.g. jdbc:postgresql://db.internal:5432/jitgate"),
        c("postgres literal password", "admin:\nstore:\n  kind: postgresql\n  postgresql:\n    host: a\n    user: u\n"
                + "    password: hunter2\n",
            "store.postgresql.password: a literal secret is refused; use env:NAME or file:/path (or literal:<value> for development only)"),
        c("postgres unset password variable", "admin:\nstore:\n  kind: postgresql\n  postgresql:\n    host: a\n    user: u\n"
                + "    password: env:NOPE_PW\n",
            "store.postgresql.password: environment variable NOPE_PW is not set (referenced as env:NOPE_PW)"),
        c("postgres pool too big", "admin:\nstore:\n  kind: postgresql\n  postgresql:\n    host: a\n    user: u\n"
                + "    pool-size: 500\n",
            "store.postgresql.pool-size: must be between 1 and 100, got 500"),
        c("postgres bad schema", "admin:\nstore:\n  kind: postgresql\n  postgresql:\n    host: a\n    user: u\n"
                + "    schema: Control\n",
            "store.postgresql.schema: \"Control\" is not a schema name ([a-z_][a-z0-9_]{0,62})"),
        c("unknown store key", "admin:\nstore:\n  file: x.db\n",
            "store.file: unknown key; valid keys here are kind, sqlite, postgresql"),
        c("unknown admin key", "admin:\n  port: 8080\n",
            "admin.port: unknown key; valid keys here are listen, max-body-bytes, bootstrap-admin, oidc, proxy-endpoint, audit"),
        c("overridden port", "admin:\n  listen:\n    port: ${PORT}\n",
            "admin.listen.port: \"${PORT}\" is not a whole number"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badKeys")
  void reportsTheKeyAndTheFix(String name, String yaml, List<String> expected) {
    assertThatThrownBy(() -> load(yaml))
        .isInstanceOfSatisfying(ConfigException.class,
            e -> assertThat(e.errors()).extracting(ConfigError::toString).containsExactlyElementsOf(expected));
  }

  @Test
  void anOverriddenBadValueNamesTheVariable() {
    assertThatThrownBy(() -> load("admin:\n", Map.of("JITGATE_ADMIN_LISTEN_PORT", "eighty")))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.errors()).extracting(ConfigError::toString)
            .containsExactly("admin.listen.port: \"eighty\" is not a whole number (set by JITGATE_ADMIN_LISTEN_PORT)"));
  }
}
