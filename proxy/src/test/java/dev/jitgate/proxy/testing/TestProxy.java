package dev.jitgate.proxy.testing;

import dev.jitgate.pg.PgCodecConfig;
import dev.jitgate.pg.scram.ScramVerifier;
import dev.jitgate.proxy.ProxyAssembly;
import dev.jitgate.proxy.auth.StaticCredentials;
import dev.jitgate.proxy.config.ClientTlsConfig;
import dev.jitgate.proxy.config.LimitsConfig;
import dev.jitgate.proxy.config.ListenerConfig;
import dev.jitgate.proxy.config.ProxyConfig;
import dev.jitgate.proxy.config.RouteConfig;
import dev.jitgate.proxy.config.Secret;
import dev.jitgate.proxy.config.StartupParameterPolicy;
import dev.jitgate.proxy.config.UpstreamAuthMethod;
import dev.jitgate.proxy.config.UpstreamConfig;
import dev.jitgate.proxy.config.UserConfig;
import dev.jitgate.proxy.server.ProxyServer;
import dev.jitgate.proxy.tls.ClientTlsMode;
import dev.jitgate.proxy.tls.UpstreamSslMode;
import dev.jitgate.proxy.upstream.StaticRoutes;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * A real jitgate proxy in the test JVM in front of a {@link TestPostgres}: one client user
 * ({@value #USER}) routed to {@code appdb} as {@code app_user} over verify-full TLS. Tests adjust the
 * configuration through a {@link UnaryOperator} before start.
 */
public final class TestProxy implements AutoCloseable {

  public static final String USER = "alice";
  public static final String DATABASE = TestPostgres.APP_DATABASE;

  private final ProxyServer server;
  private final SimpleMeterRegistry registry;
  private final String password;
  private final Path caCertFile;
  private final int port;

  private TestProxy(ProxyServer server, SimpleMeterRegistry registry, String password, Path caCertFile, int port) {
    this.server = server;
    this.registry = registry;
    this.password = password;
    this.caCertFile = caCertFile;
    this.port = port;
  }

  /** The configuration tests start from. */
  public static ProxyConfig defaultConfig(TestPostgres pg, String clientPassword, Path caDirectory) {
    ScramVerifier verifier = ScramVerifier.generate(clientPassword, new SecureRandom());
    UpstreamConfig upstream =
        new UpstreamConfig(pg.host(), pg.port(), TestPostgres.APP_DATABASE, pg.appUser().user(),
            new Secret(pg.appUser().password()), UpstreamSslMode.VERIFY_FULL, pg.caCertFile(),
            UpstreamAuthMethod.SCRAM_SHA_256, Duration.ofSeconds(10));
    return new ProxyConfig(
        new ListenerConfig("127.0.0.1", 0,
            new ClientTlsConfig(ClientTlsMode.PREFER, null, null, caDirectory, List.of(), true)),
        List.of(new UserConfig(USER, verifier)),
        List.of(new RouteConfig(DATABASE, upstream)),
        new LimitsConfig(200, 0, Duration.ofSeconds(10), Duration.ZERO, Duration.ofSeconds(2), Duration.ofMillis(50)),
        StartupParameterPolicy.DEFAULT,
        PgCodecConfig.DEFAULTS,
        "test");
  }

  /** Starts a proxy with the default configuration changed by {@code customize}. */
  public static TestProxy start(TestPostgres pg, UnaryOperator<ProxyConfig> customize) throws IOException, InterruptedException {
    return start(pg, customize, null);
  }

  /** Starts a proxy with the default configuration changed by {@code customize}, audited per {@code audit}. */
  public static TestProxy start(TestPostgres pg, UnaryOperator<ProxyConfig> customize,
      dev.jitgate.proxy.audit.AuditSettings audit) throws IOException, InterruptedException {
    String password = "pw-" + UUID.randomUUID();
    Path caDir = Files.createDirectories(Path.of("target", "proxy-ca", UUID.randomUUID().toString())).toAbsolutePath();
    ProxyConfig config = customize.apply(defaultConfig(pg, password, caDir));
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    ProxyServer server =
        ProxyAssembly.assemble(config, registry, new StaticCredentials(config.users()), new StaticRoutes(config.routes()),
            ProxyServer.Transport.best(), 2, audit);
    int port = server.start().getPort();
    return new TestProxy(server, registry, password, caDir.resolve("ca.crt"), port);
  }

  public static TestProxy start(TestPostgres pg) throws IOException, InterruptedException {
    return start(pg, UnaryOperator.identity());
  }

  public int port() {
    return port;
  }

  public String host() {
    return "127.0.0.1";
  }

  /** The client password of {@value #USER}. */
  public String password() {
    return password;
  }

  /** The development CA clients verify the proxy with. */
  public Path caCertFile() {
    return caCertFile;
  }

  public ProxyServer server() {
    return server;
  }

  public SimpleMeterRegistry registry() {
    return registry;
  }

  /** pgjdbc URL through the proxy with {@code sslmode=verify-full}; extra is appended as query parameters. */
  public String jdbcUrl(String extra) {
    return "jdbc:postgresql://localhost:" + port + "/" + DATABASE + "?sslmode=verify-full&sslrootcert="
        + caCertFile + (extra.isEmpty() ? "" : "&" + extra);
  }

  @Override
  public void close() throws InterruptedException {
    server.shutdown(Duration.ofSeconds(1));
  }
}
