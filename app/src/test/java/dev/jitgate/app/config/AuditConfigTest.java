package dev.jitgate.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jitgate.auditor.http.AuditorSettings;
import dev.jitgate.proxy.audit.AuditSettings;
import dev.jitgate.proxy.audit.emit.TrackerConfig;
import dev.jitgate.proxy.audit.spool.FsyncPolicy;
import dev.jitgate.proxy.audit.spool.SpoolConfig;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code proxy.audit}, the {@code auditor} section and {@code admin.audit}: every key, default and error. */
class AuditConfigTest {

  private static final String TOKEN = "ingest-token-0123456789abcdef";
  private static final String TOKEN_HASH = AuditorSettings.sha256Hex(TOKEN);

  @TempDir Path dir;

  private LoadedConfig load(String yaml) throws ConfigException {
    return load(yaml, Map.of());
  }

  private LoadedConfig load(String yaml, Map<String, String> extraEnv) throws ConfigException {
    Map<String, String> env = new HashMap<>(TestConfigs.ENV);
    env.put("AUDIT_TOKEN", TOKEN);
    env.putAll(extraEnv);
    return TestConfigs.load(yaml, dir, env);
  }

  private static String proxyWithAudit(String audit) {
    return TestConfigs.minimal() + "  audit:\n" + audit.indent(4);
  }

  @Test
  void noAuditSectionMeansNoAudit() throws Exception {
    LoadedConfig loaded = load(TestConfigs.minimal());
    assertThat(loaded.config().proxy().orElseThrow().audit()).isEmpty();
    assertThat(loaded.config().auditor()).isEmpty();
    assertThat(loaded.warnings()).isEmpty();
  }

  @Test
  void auditDefaults() throws Exception {
    LoadedConfig loaded = load(proxyWithAudit("""
        spool:
          directory: ./spool
        auditor:
          url: http://127.0.0.1:7070/v1/events
          token: env:AUDIT_TOKEN
        """));
    AuditSettings audit = loaded.config().proxy().orElseThrow().audit().orElseThrow();
    assertThat(audit.failClosed()).isFalse();
    assertThat(audit.spool()).isEqualTo(new SpoolConfig(dir.toAbsolutePath().resolve("spool"),
        SpoolConfig.DEFAULT_SEGMENT_BYTES, SpoolConfig.DEFAULT_MAX_TOTAL_BYTES, FsyncPolicy.always(Duration.ofMillis(10)),
        SpoolConfig.DEFAULT_MAX_RECORD_BYTES));
    assertThat(audit.shipper().endpoint()).isEqualTo(URI.create("http://127.0.0.1:7070/v1/events"));
    assertThat(audit.shipper().token().value()).isEqualTo(TOKEN);
    assertThat(audit.shipper().gzipLevel()).isEqualTo(1);
    assertThat(audit.tracker()).isEqualTo(TrackerConfig.DEFAULTS);
    assertThat(loaded.warnings()).isEmpty();
    assertThat(loaded.config().toString()).doesNotContain(TOKEN);
  }

  @Test
  void everyAuditKey() throws Exception {
    LoadedConfig loaded = load(proxyWithAudit("""
        fail-closed: true
        spool:
          directory: /var/spool/jitgate
          fsync: interval
          fsync-interval: 50ms
          max-bytes: 2GiB
          segment-bytes: 16MiB
        auditor:
          url: https://auditor.internal:7443/v1/events
          token: env:AUDIT_TOKEN
          gzip-level: 0
        limits:
          max-sql-chars: 1000
          max-parameter-bytes: 1KiB
          max-bind-bytes: 8192
          max-prepared-statements: 10
          max-portals: 5
        """));
    AuditSettings audit = loaded.config().proxy().orElseThrow().audit().orElseThrow();
    assertThat(audit.failClosed()).isTrue();
    assertThat(audit.spool().directory()).isEqualTo(Path.of("/var/spool/jitgate"));
    assertThat(audit.spool().fsync()).isEqualTo(FsyncPolicy.interval(Duration.ofMillis(50)));
    assertThat(audit.spool().maxTotalBytes()).isEqualTo(2L << 30);
    assertThat(audit.spool().segmentBytes()).isEqualTo(16L << 20);
    assertThat(audit.shipper().endpoint()).isEqualTo(URI.create("https://auditor.internal:7443/v1/events"));
    assertThat(audit.shipper().gzipLevel()).isZero();
    assertThat(audit.tracker()).isEqualTo(new TrackerConfig(1000, 1024, 8192, 10, 5));
    assertThat(loaded.warnings()).isEmpty();
  }

  @Test
  void fsyncNeverAndNoAuditorAreWarnedAbout() throws Exception {
    LoadedConfig loaded = load(proxyWithAudit("""
        spool:
          directory: ./spool
          fsync: never
          fsync-interval: 1s
          fsync-group-delay: 5ms
        """));
    AuditSettings audit = loaded.config().proxy().orElseThrow().audit().orElseThrow();
    assertThat(audit.shipper()).isNull();
    assertThat(audit.spool().fsync()).isEqualTo(FsyncPolicy.never());
    assertThat(loaded.warnings()).extracting(ConfigError::key).containsExactlyInAnyOrder(
        "proxy.audit.auditor", "proxy.audit.spool.fsync", "proxy.audit.spool.fsync-interval",
        "proxy.audit.spool.fsync-group-delay");
  }

  @Test
  void alwaysTakesItsGroupDelay() throws Exception {
    for (String delay : List.of("0", "1ms", "5ms", "1s")) {
      LoadedConfig loaded = load(proxyWithAudit("""
          spool:
            directory: ./spool
            fsync: always
            fsync-group-delay: %s
          auditor: {url: "http://127.0.0.1:7070/v1/events", token: "env:AUDIT_TOKEN"}
          """.formatted(delay)));
      assertThat(loaded.warnings()).as(delay).isEmpty();
      assertThat(loaded.config().proxy().orElseThrow().audit().orElseThrow().spool().fsync()).as(delay)
          .isEqualTo(FsyncPolicy.always(Durations.parse(delay).orElseThrow()));
    }
  }

  @Test
  void plainHttpToAnotherHostIsWarnedAbout() throws Exception {
    LoadedConfig loaded = load(proxyWithAudit("""
        spool: {directory: ./spool}
        auditor: {url: "http://auditor.internal:7070/v1/events", token: "env:AUDIT_TOKEN"}
        """));
    assertThat(loaded.warnings()).extracting(ConfigError::toString).containsExactly(
        "proxy.audit.auditor.url: plain HTTP: statements and the token cross the network in clear text; use https");
  }

  @Test
  void environmentOverridesReachAuditKeys() throws Exception {
    LoadedConfig loaded = load(proxyWithAudit("spool: {directory: ./spool}\nauditor: {url: \"http://127.0.0.1:1/v1/events\", token: \"env:AUDIT_TOKEN\"}\n"),
        Map.of("JITGATE_PROXY_AUDIT_SPOOL_MAX_BYTES", "512MiB", "JITGATE_PROXY_AUDIT_FAIL_CLOSED", "true"));
    AuditSettings audit = loaded.config().proxy().orElseThrow().audit().orElseThrow();
    assertThat(audit.spool().maxTotalBytes()).isEqualTo(512L << 20);
    assertThat(audit.failClosed()).isTrue();
  }

  @Test
  void auditorSectionDefaultsAndTokens() throws Exception {
    Path tokenFile = Files.writeString(dir.resolve("ingest.token"), "file-token\n");
    LoadedConfig loaded = load("""
        auditor:
          ingest-tokens:
            - sha256:%s
            - env:AUDIT_TOKEN
            - file:./ingest.token
        """.formatted(TOKEN_HASH.toUpperCase()));
    JitgateConfig config = loaded.config();
    assertThat(config.proxy()).as("an auditor-only file configures no proxy").isEmpty();
    assertThat(config.admin()).isEmpty();
    AuditorRoleConfig auditor = config.auditor().orElseThrow();
    assertThat(auditor.name()).as("the host name by default").isEqualTo("test-host");
    assertThat(auditor.host()).isEqualTo("127.0.0.1");
    assertThat(auditor.port()).isEqualTo(7070);
    assertThat(auditor.storePath()).isEqualTo(dir.toAbsolutePath().resolve("jitgate-state/audit.db"));
    assertThat(auditor.ingestTokenHashes()).containsExactly(TOKEN_HASH, TOKEN_HASH,
        AuditorSettings.sha256Hex("file-token"));
    assertThat(auditor.maxBodyBytes()).isEqualTo(AuditorSettings.DEFAULT_MAX_BODY_BYTES);
    assertThat(auditor.maxDecompressedBytes()).isEqualTo(AuditorSettings.DEFAULT_MAX_DECOMPRESSED_BYTES);
    assertThat(loaded.warnings()).isEmpty();
    assertThat(tokenFile).exists();
  }

  @Test
  void everyAuditorKey() throws Exception {
    LoadedConfig loaded = load("""
        auditor:
          name: auditor-eu-1
          listen: "[::1]:0"
          store:
            sqlite:
              path: ./a/audit.db
          ingest-tokens: [env:AUDIT_TOKEN]
          max-body-bytes: 1MiB
          max-decompressed-bytes: 4MiB
        """);
    AuditorRoleConfig auditor = loaded.config().auditor().orElseThrow();
    assertThat(auditor.name()).isEqualTo("auditor-eu-1");
    assertThat(auditor.host()).isEqualTo("::1");
    assertThat(auditor.port()).isZero();
    assertThat(auditor.storePath()).isEqualTo(dir.toAbsolutePath().resolve("a/audit.db"));
    assertThat(auditor.maxBodyBytes()).isEqualTo(1L << 20);
    assertThat(auditor.maxDecompressedBytes()).isEqualTo(4L << 20);
    assertThat(auditor.toString()).doesNotContain(TOKEN_HASH);
  }

  @Test
  void ingestTokensFromTheEnvironmentAsAList() throws Exception {
    LoadedConfig loaded = load("auditor:\n  listen: 127.0.0.1:7071\n",
        Map.of("JITGATE_AUDITOR_INGEST_TOKENS", "env:AUDIT_TOKEN,sha256:" + "ab".repeat(32)));
    assertThat(loaded.config().auditor().orElseThrow().ingestTokenHashes())
        .containsExactly(TOKEN_HASH, "ab".repeat(32));
  }

  @Test
  void aPublicAuditorListenerIsWarnedAbout() throws Exception {
    LoadedConfig loaded = load("auditor:\n  listen: 0.0.0.0:7070\n  ingest-tokens: [env:AUDIT_TOKEN]\n");
    assertThat(loaded.warnings()).extracting(ConfigError::key).containsExactly("auditor.listen");
  }

  @Test
  void adminSearchesTheAuditorStoreByDefault() throws Exception {
    LoadedConfig loaded = load("admin:\nauditor:\n  ingest-tokens: [env:AUDIT_TOKEN]\n");
    AdminAuditConfig audit = loaded.config().admin().orElseThrow().audit();
    assertThat(audit.store()).contains(dir.toAbsolutePath().resolve("jitgate-state/audit.db"));
    assertThat(audit.auditor()).isEmpty();
  }

  @Test
  void adminWithoutAuditHasNone() throws Exception {
    assertThat(load("admin:\n").config().admin().orElseThrow().audit()).isEqualTo(AdminAuditConfig.NONE);
  }

  @Test
  void everyAdminAuditKey() throws Exception {
    LoadedConfig loaded = load("""
        admin:
          audit:
            store:
              sqlite:
                path: ./search.db
            auditor:
              url: http://localhost:7070/v1/events
              token: env:AUDIT_TOKEN
        auditor:
          ingest-tokens: [env:AUDIT_TOKEN]
        """);
    AdminAuditConfig audit = loaded.config().admin().orElseThrow().audit();
    assertThat(audit.store()).contains(dir.toAbsolutePath().resolve("search.db"));
    assertThat(audit.auditor()).map(AuditorTarget::url).contains(URI.create("http://localhost:7070/v1/events"));
    assertThat(audit.auditor()).map(t -> t.token().value()).contains(TOKEN);
    assertThat(audit.toString()).doesNotContain(TOKEN);
  }

  private static Arguments c(String name, String yaml, String... expected) {
    return Arguments.of(name, yaml, List.of(expected));
  }

  private static String spoolAnd(String rest) {
    return proxyWithAudit("spool:\n  directory: ./spool\n" + rest);
  }

  static Stream<Arguments> badKeys() {
    String auditor = "auditor:\n  url: http://127.0.0.1:7070/v1/events\n  token: env:AUDIT_TOKEN\n";
    return Stream.of(
        c("no spool directory", proxyWithAudit("fail-closed: true\n"),
            "proxy.audit.spool.directory: is required: the directory where audit events wait until the auditor has"
                + " them, e.g. ./jitgate-state/audit-spool (one per proxy, on a local disk)"),
        c("fail-closed not a boolean", spoolAnd("fail-closed: maybe\n" + auditor),
            "proxy.audit.fail-closed: \"maybe\" is not true or false"),
        c("bad fsync", spoolAnd("  fsync: sometimes\n" + auditor),
            "proxy.audit.spool.fsync: \"sometimes\" is not one of always, interval, never"),
        c("bad fsync interval", spoolAnd("  fsync: interval\n  fsync-interval: soon\n" + auditor),
            "proxy.audit.spool.fsync-interval: \"soon\" is not a duration (" + Durations.FORMS + ")"),
        c("zero fsync interval", spoolAnd("  fsync: interval\n  fsync-interval: 0\n" + auditor),
            "proxy.audit.spool.fsync-interval: must be at least 1ms"),
        c("negative group delay", spoolAnd("  fsync-group-delay: -1ms\n" + auditor),
            "proxy.audit.spool.fsync-group-delay: \"-1ms\" is not a duration (" + Durations.FORMS + ")"),
        c("group delay too long", spoolAnd("  fsync-group-delay: 2s\n" + auditor),
            "proxy.audit.spool.fsync-group-delay: must be at most 1s (for longer, use spool.fsync: interval)"),
        c("gzip level too high", spoolAnd(auditor + "  gzip-level: 10\n"),
            "proxy.audit.auditor.gzip-level: must be between 0 and 9, got 10"),
        c("gzip level not a number", spoolAnd(auditor + "  gzip-level: fast\n"),
            "proxy.audit.auditor.gzip-level: \"fast\" is not a whole number"),
        c("max-bytes not a size", spoolAnd("  max-bytes: 1GB\n" + auditor),
            "proxy.audit.spool.max-bytes: \"1GB\" is not a size (" + Sizes.FORMS + ")"),
        c("max-bytes too small", spoolAnd("  max-bytes: 1MiB\n" + auditor),
            "proxy.audit.spool.max-bytes: must be between 8MiB and 1TiB, got 1MiB"),
        c("segment-bytes too big", spoolAnd("  segment-bytes: 2GiB\n" + auditor),
            "proxy.audit.spool.segment-bytes: must be between 8MiB and 1GiB, got 2GiB"),
        c("max below segment", spoolAnd("  segment-bytes: 64MiB\n  max-bytes: 32MiB\n" + auditor),
            "proxy.audit.spool.max-bytes: must be at least spool.segment-bytes (64MiB)"),
        c("auditor without url or token", spoolAnd("auditor:\n  url: \"\"\n  token: \"\"\n"),
            "proxy.audit.auditor.url: is required",
            "proxy.audit.auditor.token: is required: the ingest token, as a secret reference ("
                + SecretResolver.FORMS + ")"),
        c("auditor url not http", spoolAnd("auditor:\n  url: ftp://a/v1/events\n  token: env:AUDIT_TOKEN\n"),
            "proxy.audit.auditor.url: \"ftp://a/v1/events\" is not an http(s) URL, e.g. http://127.0.0.1:7070/v1/events"),
        c("auditor url not a url", spoolAnd("auditor:\n  url: \"http://a b\"\n  token: env:AUDIT_TOKEN\n"),
            "proxy.audit.auditor.url: \"http://a b\" is not a URL"),
        c("auditor url with credentials", spoolAnd("auditor:\n  url: http://u:p@127.0.0.1/v1/events\n  token: env:AUDIT_TOKEN\n"),
            "proxy.audit.auditor.url: must not carry credentials; put the token in the token key"),
        c("auditor url without path", spoolAnd("auditor:\n  url: http://127.0.0.1:7070\n  token: env:AUDIT_TOKEN\n"),
            "proxy.audit.auditor.url: names no path; give the auditor's events endpoint, e.g."
                + " http://127.0.0.1:7070/v1/events"),
        c("literal token refused", spoolAnd("auditor:\n  url: http://127.0.0.1:7070/v1/events\n  token: hunter2\n"),
            "proxy.audit.auditor.token: a literal secret is refused; " + SecretResolver.FORMS),
        c("token with a space", spoolAnd("auditor:\n  url: http://127.0.0.1:7070/v1/events\n  token: env:SPACED\n"),
            "proxy.audit.auditor.token: must resolve to printable ASCII without spaces (it is sent as a bearer token)"),
        c("unset token variable", spoolAnd("auditor:\n  url: http://127.0.0.1:7070/v1/events\n  token: env:NOPE\n"),
            "proxy.audit.auditor.token: environment variable NOPE is not set (referenced as env:NOPE)"),
        c("sql limit too small", spoolAnd(auditor + "limits:\n  max-sql-chars: 3\n"),
            "proxy.audit.limits.max-sql-chars: must be between 16 and 16777216, got 3"),
        c("parameter limit not a size", spoolAnd(auditor + "limits:\n  max-parameter-bytes: lots\n"),
            "proxy.audit.limits.max-parameter-bytes: \"lots\" is not a size (" + Sizes.FORMS + ")"),
        c("bind limit too big", spoolAnd(auditor + "limits:\n  max-bind-bytes: 1GiB\n"),
            "proxy.audit.limits.max-bind-bytes: must be between 0 and 256MiB, got 1GiB"),
        c("zero prepared statements", spoolAnd(auditor + "limits:\n  max-prepared-statements: 0\n"),
            "proxy.audit.limits.max-prepared-statements: must be between 1 and 1000000, got 0"),
        c("zero portals", spoolAnd(auditor + "limits:\n  max-portals: 0\n"),
            "proxy.audit.limits.max-portals: must be between 1 and 1000000, got 0"),
        c("unknown audit key", spoolAnd(auditor + "enabled: true\n"),
            "proxy.audit.enabled: unknown key; valid keys here are fail-closed, spool, auditor, limits"),
        c("auditor without tokens", "auditor:\n  listen: 127.0.0.1:7070\n",
            "auditor.ingest-tokens: is required: at least one ingest token, as sha256:<hex of the token's SHA-256>"
                + " or a secret reference (" + SecretResolver.FORMS + ")"),
        c("auditor listen without port", "auditor:\n  listen: localhost\n  ingest-tokens: [env:AUDIT_TOKEN]\n",
            "auditor.listen: \"localhost\" is not host:port (e.g. 127.0.0.1:7070, [::1]:7070)"),
        c("auditor listen bad port", "auditor:\n  listen: localhost:99999\n  ingest-tokens: [env:AUDIT_TOKEN]\n",
            "auditor.listen: \"localhost:99999\" is not host:port (e.g. 127.0.0.1:7070, [::1]:7070)"),
        c("short hash", "auditor:\n  ingest-tokens: [\"sha256:abc\"]\n",
            "auditor.ingest-tokens[0]: sha256: must be followed by 64 hex digits (e.g. the output of: printf %s"
                + " \"$TOKEN\" | sha256sum)"),
        c("bare hash", "auditor:\n  ingest-tokens: [\"" + "ab".repeat(32) + "\"]\n",
            "auditor.ingest-tokens[0]: looks like a bare SHA-256; write it as sha256:<hex>"),
        c("literal token", "auditor:\n  ingest-tokens: [env:AUDIT_TOKEN, plain-token]\n",
            "auditor.ingest-tokens[1]: a literal secret is refused; " + SecretResolver.FORMS),
        c("missing token file", "auditor:\n  ingest-tokens: [file:./nope.token]\n",
            "auditor.ingest-tokens[0]: secret file %DIR%/nope.token does not exist (referenced as file:./nope.token)"),
        c("auditor store is a directory", "auditor:\n  ingest-tokens: [env:AUDIT_TOKEN]\n  store:\n    sqlite:\n      path: .\n",
            "auditor.store.sqlite.path: %DIR% is a directory; name the database file, e.g. ./jitgate-state/audit.db"),
        c("auditor body limit too small", "auditor:\n  ingest-tokens: [env:AUDIT_TOKEN]\n  max-body-bytes: 10\n",
            "auditor.max-body-bytes: must be between 1KiB and 2147483639, got 10"),
        c("auditor decompressed limit not a size", "auditor:\n  ingest-tokens: [env:AUDIT_TOKEN]\n  max-decompressed-bytes: x\n",
            "auditor.max-decompressed-bytes: \"x\" is not a size (" + Sizes.FORMS + ")"),
        c("unknown auditor key", "auditor:\n  ingest-tokens: [env:AUDIT_TOKEN]\n  port: 7070\n",
            "auditor.port: unknown key; valid keys here are name, listen, store, ingest-tokens, max-body-bytes,"
                + " max-decompressed-bytes"),
        c("admin audit auditor without token", "admin:\n  audit:\n    auditor:\n      url: http://127.0.0.1:7070/v1/events\n",
            "admin.audit.auditor.token: is required: the ingest token, as a secret reference ("
                + SecretResolver.FORMS + ")"),
        c("admin audit store is a directory", "admin:\n  audit:\n    store:\n      sqlite:\n        path: .\n",
            "admin.audit.store.sqlite.path: %DIR% is a directory; name the database file, e.g. ./jitgate-state/audit.db"),
        c("unknown admin audit key", "admin:\n  audit:\n    search: true\n",
            "admin.audit.search: unknown key; valid keys here are store, auditor"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badKeys")
  void reportsTheKeyAndTheFix(String name, String yaml, List<String> expected) {
    List<String> wanted = expected.stream()
        .map(e -> e.replace("%DIR%", dir.toAbsolutePath().normalize().toString())).toList();
    assertThatThrownBy(() -> load(yaml, Map.of("SPACED", "a b")))
        .isInstanceOfSatisfying(ConfigException.class,
            e -> assertThat(e.errors()).extracting(ConfigError::toString).containsExactlyElementsOf(wanted));
  }

  @Test
  void sizesParse() {
    assertThat(Sizes.parse("65536")).contains(65536L);
    assertThat(Sizes.parse("512KiB")).contains(512L << 10);
    assertThat(Sizes.parse("64 MiB")).contains(64L << 20);
    assertThat(Sizes.parse("1gib")).contains(1L << 30);
    assertThat(Sizes.parse("2TiB")).contains(2L << 40);
    assertThat(Sizes.parse("10B")).contains(10L);
    assertThat(Sizes.parse("1_000")).contains(1000L);
    assertThat(Sizes.parse("1MB")).isEmpty();
    assertThat(Sizes.parse("-1")).isEmpty();
    assertThat(Sizes.parse("999999999999999999TiB")).isEmpty();
    assertThat(Sizes.format(64L << 20)).isEqualTo("64MiB");
    assertThat(Sizes.format(1000)).isEqualTo("1000");
    assertThat(Optional.of(Sizes.format(0))).contains("0");
  }
}
