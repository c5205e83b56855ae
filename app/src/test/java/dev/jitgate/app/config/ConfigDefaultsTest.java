package dev.jitgate.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jitgate.pg.PgCodecConfig;
import dev.jitgate.pg.scram.ScramVerifier;
import dev.jitgate.proxy.config.ClientTlsConfig;
import dev.jitgate.proxy.config.LimitsConfig;
import dev.jitgate.proxy.config.UpstreamReuseConfig;
import dev.jitgate.proxy.config.ProxyConfig;
import dev.jitgate.proxy.config.StartupParameterPolicy;
import dev.jitgate.proxy.config.UpstreamAuthMethod;
import dev.jitgate.proxy.config.UpstreamConfig;
import dev.jitgate.proxy.tls.ClientTlsMode;
import dev.jitgate.proxy.tls.UpstreamSslMode;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The minimal file with every default filled in. */
class ConfigDefaultsTest {

  @TempDir Path dir;

  @Test
  void minimalFileGetsEveryDefault() throws Exception {
    LoadedConfig loaded = TestConfigs.load(TestConfigs.minimal(), dir);
    JitgateConfig config = loaded.config();
    ProxyConfig proxy = config.proxy().orElseThrow().proxy();

    assertThat(loaded.warnings()).isEmpty();
    assertThat(proxy.proxyName()).isEqualTo("test-host");
    assertThat(config.proxy().orElseThrow().workerThreads()).isZero();
    assertThat(proxy.listener().host()).isEqualTo("0.0.0.0");
    assertThat(proxy.listener().port()).isEqualTo(6432);

    ClientTlsConfig tls = proxy.listener().tls();
    assertThat(tls.mode()).isEqualTo(ClientTlsMode.REQUIRE);
    assertThat(tls.certificateChain()).isNull();
    assertThat(tls.privateKey()).isNull();
    assertThat(tls.devCaDirectory()).isEqualTo(dir.toAbsolutePath().resolve("ca"));
    assertThat(tls.serverNames()).isEmpty();
    assertThat(tls.directTls()).isTrue();

    assertThat(proxy.users()).singleElement().satisfies(u -> {
      assertThat(u.name()).isEqualTo("alice");
      assertThat(u.verifier()).isEqualTo(ScramVerifier.parse(TestConfigs.VERIFIER));
      assertThat(u.verifier().matchesPassword(TestConfigs.CLIENT_PASSWORD)).isTrue();
    });

    assertThat(proxy.routes()).singleElement().satisfies(r -> {
      assertThat(r.database()).isEqualTo("appdb");
      UpstreamConfig u = r.upstream();
      assertThat(u.host()).isEqualTo("db.internal");
      assertThat(u.port()).isEqualTo(5432);
      assertThat(u.database()).isEqualTo("appdb");
      assertThat(u.user()).isEqualTo("app_user");
      assertThat(u.password().value()).isEqualTo(TestConfigs.UPSTREAM_PASSWORD);
      assertThat(u.sslMode()).isEqualTo(UpstreamSslMode.VERIFY_FULL);
      assertThat(u.sslRootCert()).isNull();
      assertThat(u.minimumAuth()).isEqualTo(UpstreamAuthMethod.SCRAM_SHA_256);
      assertThat(u.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
    });

    assertThat(proxy.limits()).isEqualTo(LimitsConfig.DEFAULTS);
    assertThat(proxy.upstreamReuse()).as("upstream reuse is opt-in").isEqualTo(UpstreamReuseConfig.DISABLED);
    assertThat(proxy.parameters()).isEqualTo(StartupParameterPolicy.DEFAULT);
    assertThat(proxy.codec()).isEqualTo(PgCodecConfig.DEFAULTS);
    assertThat(config.metrics()).isEqualTo(MetricsConfig.DEFAULTS);
    assertThat(config.logging()).isEqualTo(LoggingConfig.DEFAULTS);
  }

  @Test
  void hostNameIsTheDefaultProxyName() throws Exception {
    LoadedConfig loaded = ConfigLoader.withEnvironment(TestConfigs.ENV).parse(TestConfigs.minimal(), dir);
    assertThat(loaded.config().proxy().orElseThrow().proxy().proxyName()).isNotBlank();
  }

  @Test
  void emptyYamlValuesMeanDefault() throws Exception {
    String yaml = TestConfigs.minimal() + """
        metrics:
          listen: ~
        logging:
        """;
    JitgateConfig config = TestConfigs.load(yaml, dir).config();
    assertThat(config.metrics()).isEqualTo(MetricsConfig.DEFAULTS);
    assertThat(config.logging()).isEqualTo(LoggingConfig.DEFAULTS);
  }
}
