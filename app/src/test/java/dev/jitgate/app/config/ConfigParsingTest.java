package dev.jitgate.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jitgate.pg.PgCodecConfig;
import dev.jitgate.proxy.config.LimitsConfig;
import dev.jitgate.proxy.config.ProxyConfig;
import dev.jitgate.proxy.config.UpstreamAuthMethod;
import dev.jitgate.proxy.config.UpstreamConfig;
import dev.jitgate.proxy.config.UpstreamReuseConfig;
import dev.jitgate.proxy.tls.ClientTlsMode;
import dev.jitgate.proxy.tls.UpstreamSslMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file that sets every key to something other than its default. */
class ConfigParsingTest {

  @TempDir Path dir;

  @Test
  void everyKeyIsRead() throws Exception {
    Files.createDirectories(dir.resolve("tls"));
    Files.writeString(dir.resolve("tls/server.crt"), "cert");
    Files.writeString(dir.resolve("tls/server.key"), "key");
    Files.writeString(dir.resolve("bundle.pem"), "bundle");
    String yaml = """
        proxy:
          name: jitgate-7
          worker-threads: 4
          listen:
            host: 127.0.0.1
            port: 7432
            tls:
              mode: prefer
              certificate: tls/server.crt
              key: tls/server.key
              server-names: [jitgate.internal, 10.0.0.1]
              direct-tls: false
          users:
            - name: alice
              scram-verifier: "%s"
            - name: bob
              scram-verifier: "%s"
          routes:
            - database: appdb
              upstream:
                host: db.internal
                port: 6543
                database: app_production
                user: app_user
                password: env:APPDB_PASSWORD
                sslmode: verify-ca
                sslrootcert: bundle.pem
                minimum-auth: md5
                connect-timeout: PT3S
            - database: reports
              upstream:
                host: reports.internal
                user: reporter
                minimum-auth: trust
                sslmode: require
          limits:
            max-connections: 50
            max-connections-per-user: 5
            login-timeout: 5m
            idle-timeout: 0
            shutdown-grace: 2d
            auth-failure-delay: 250ms
          upstream-reuse:
            enabled: true
            idle-timeout: 90s
            max-idle-per-target: 3
          startup-parameters:
            allow: [application_name, Search_Path]
          codec:
            max-startup-packet-length: 5000
            max-auth-message-length: 4096
            max-frontend-message-length: 1048576
            max-backend-message-length: 2097152
            max-inspected-bytes: 1024
        metrics:
          listen: "[::1]:9999"
        logging:
          level: debug
          format: json
        """.formatted(TestConfigs.VERIFIER, TestConfigs.VERIFIER);

    LoadedConfig loaded = TestConfigs.load(yaml, dir);
    JitgateConfig config = loaded.config();
    ProxyConfig proxy = config.proxy().orElseThrow().proxy();

    assertThat(proxy.proxyName()).isEqualTo("jitgate-7");
    assertThat(config.proxy().orElseThrow().workerThreads()).isEqualTo(4);
    assertThat(proxy.listener().host()).isEqualTo("127.0.0.1");
    assertThat(proxy.listener().port()).isEqualTo(7432);
    assertThat(proxy.listener().tls().mode()).isEqualTo(ClientTlsMode.PREFER);
    assertThat(proxy.listener().tls().certificateChain()).isEqualTo(dir.toAbsolutePath().resolve("tls/server.crt"));
    assertThat(proxy.listener().tls().privateKey()).isEqualTo(dir.toAbsolutePath().resolve("tls/server.key"));
    assertThat(proxy.listener().tls().serverNames()).containsExactly("jitgate.internal", "10.0.0.1");
    assertThat(proxy.listener().tls().directTls()).isFalse();
    assertThat(proxy.users()).extracting(u -> u.name()).containsExactly("alice", "bob");

    UpstreamConfig app = proxy.routes().get(0).upstream();
    assertThat(app.port()).isEqualTo(6543);
    assertThat(app.database()).isEqualTo("app_production");
    assertThat(app.sslMode()).isEqualTo(UpstreamSslMode.VERIFY_CA);
    assertThat(app.sslRootCert()).isEqualTo(dir.toAbsolutePath().resolve("bundle.pem"));
    assertThat(app.minimumAuth()).isEqualTo(UpstreamAuthMethod.MD5);
    assertThat(app.connectTimeout()).isEqualTo(Duration.ofSeconds(3));

    UpstreamConfig reports = proxy.routes().get(1).upstream();
    assertThat(reports.password()).isNull();
    assertThat(reports.minimumAuth()).isEqualTo(UpstreamAuthMethod.TRUST);
    assertThat(loaded.warnings()).extracting(ConfigError::key).contains("proxy.routes[1].upstream.sslmode");

    assertThat(proxy.limits()).isEqualTo(new LimitsConfig(50, 5, Duration.ofMinutes(5), Duration.ZERO,
        Duration.ofDays(2), Duration.ofMillis(250)));
    assertThat(proxy.upstreamReuse()).isEqualTo(new UpstreamReuseConfig(true, Duration.ofSeconds(90), 3));
    assertThat(proxy.parameters().allowed()).containsExactlyInAnyOrder("application_name", "search_path");
    assertThat(proxy.codec()).isEqualTo(new PgCodecConfig(5000, 4096, 1048576, 2097152, 1024));
    assertThat(config.metrics()).isEqualTo(new MetricsConfig(true, "::1", 9999));
    assertThat(config.logging()).isEqualTo(new LoggingConfig(LogLevel.DEBUG, LogFormat.JSON));
  }

  @Test
  void tlsCanBeDisabledWithoutFiles() throws Exception {
    String yaml = TestConfigs.minimal().replace("dev-ca-directory: ./ca", "mode: disable");
    LoadedConfig loaded = TestConfigs.load(yaml, dir);
    assertThat(loaded.config().proxy().orElseThrow().proxy().listener().tls().enabled()).isFalse();
    assertThat(loaded.warnings()).extracting(ConfigError::key).containsExactly("proxy.listen.tls.mode");
  }

  @Test
  void metricsCanBeSwitchedOff() throws Exception {
    String yaml = TestConfigs.minimal() + "metrics:\n  listen: off\n";
    assertThat(TestConfigs.load(yaml, dir).config().metrics().enabled()).isFalse();
  }

  @Test
  void loadsFromAFileRelativeToItsDirectory() throws Exception {
    Path sub = Files.createDirectories(dir.resolve("etc"));
    Path file = sub.resolve("jitgate.yaml");
    Files.writeString(file, TestConfigs.minimal());
    LoadedConfig loaded = new ConfigLoader(TestConfigs.ENV, () -> "h").load(file);
    assertThat(loaded.config().proxy().orElseThrow().proxy().listener().tls().devCaDirectory())
        .isEqualTo(sub.toAbsolutePath().resolve("ca"));
  }

  @Test
  void parameterAllowlistWarnsAboutNamesNeverForwarded() throws Exception {
    String yaml = TestConfigs.minimal().replace("  users:",
        "  startup-parameters:\n    allow: [application_name, user]\n  users:");
    LoadedConfig loaded = TestConfigs.load(yaml, dir);
    assertThat(loaded.warnings()).extracting(ConfigError::toString)
        .containsExactly("proxy.startup-parameters.allow[1]: \"user\" is never forwarded; remove it");
    assertThat(List.copyOf(loaded.config().proxy().orElseThrow().proxy().parameters().allowed())).contains("application_name");
  }
}
