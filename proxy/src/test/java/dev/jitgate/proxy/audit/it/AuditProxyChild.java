package dev.jitgate.proxy.audit.it;

import dev.jitgate.pg.PgCodecConfig;
import dev.jitgate.pg.scram.ScramVerifier;
import dev.jitgate.proxy.ProxyAssembly;
import dev.jitgate.proxy.audit.AuditSettings;
import dev.jitgate.proxy.audit.emit.TrackerConfig;
import dev.jitgate.proxy.audit.spool.FsyncPolicy;
import dev.jitgate.proxy.audit.spool.SpoolConfig;
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
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;

/**
 * A fail-closed, audited proxy in its own JVM, for {@link AuditKillIT}: arguments are the upstream host, port,
 * database, user, password and CA file, the client user and password, and the spool directory. Prints
 * {@code PORT <n>} once listening, then runs until killed.
 */
public final class AuditProxyChild {
  private AuditProxyChild() {}

  public static void main(String[] args) throws Exception {
    UpstreamConfig upstream = new UpstreamConfig(args[0], Integer.parseInt(args[1]), args[2], args[3],
        new Secret(args[4]), UpstreamSslMode.VERIFY_FULL, Path.of(args[5]), UpstreamAuthMethod.SCRAM_SHA_256,
        Duration.ofSeconds(10));
    ProxyConfig config = new ProxyConfig(
        new ListenerConfig("127.0.0.1", 0,
            new ClientTlsConfig(ClientTlsMode.DISABLE, null, null, null, List.of(), false)),
        List.of(new UserConfig(args[6], ScramVerifier.generate(args[7], new SecureRandom()))),
        List.of(new RouteConfig(args[2], upstream)),
        new LimitsConfig(200, 0, Duration.ofSeconds(10), Duration.ZERO, Duration.ofSeconds(2), Duration.ofMillis(50)),
        StartupParameterPolicy.DEFAULT, PgCodecConfig.DEFAULTS, "kill-test");
    AuditSettings audit = new AuditSettings(true,
        SpoolConfig.defaults(Path.of(args[8]), new FsyncPolicy.Always()), null, TrackerConfig.DEFAULTS);
    ProxyServer server = ProxyAssembly.assemble(config, new SimpleMeterRegistry(), new StaticCredentials(config.users()),
        new StaticRoutes(config.routes()), ProxyServer.Transport.best(), 2, audit);
    int port = server.start().getPort();
    System.out.println("PORT " + port);
    System.out.flush();
    Thread.currentThread().join();
  }
}
