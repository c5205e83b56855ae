package dev.jitgate.proxy.upstream;

import dev.jitgate.pg.ProtocolVersion;
import dev.jitgate.pg.SqlState;
import dev.jitgate.pg.netty.FrontendMessageEncoder;
import dev.jitgate.pg.scram.ScramKeyCache;
import dev.jitgate.proxy.config.UpstreamConfig;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import io.netty.util.concurrent.ScheduledFuture;
import java.security.SecureRandom;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Opens logged-in upstream connections. The upstream channel uses the client channel's event loop, so a
 * session's two channels share one thread and need no locks. SCRAM keys derived for an upstream role are
 * cached, so that only the first login to it pays for PBKDF2.
 */
public final class UpstreamConnector {

  private static final FrontendMessageEncoder ENCODER = new FrontendMessageEncoder();

  /** Upstream credentials whose SCRAM keys are remembered (one entry per role and salt). */
  private static final int KEY_CACHE_ENTRIES = 1024;

  private final Class<? extends Channel> channelType;
  private final UpstreamTlsContextCache tlsContexts;
  private final int maxBackendMessageLength;
  private final SecureRandom random;
  private final ScramKeyCache keyCache = new ScramKeyCache(KEY_CACHE_ENTRIES);

  public UpstreamConnector(
      Class<? extends Channel> channelType,
      UpstreamTlsContextCache tlsContexts,
      int maxBackendMessageLength,
      SecureRandom random) {
    this.channelType = channelType;
    this.tlsContexts = tlsContexts;
    this.maxBackendMessageLength = maxBackendMessageLength;
    this.random = random;
  }

  /**
   * Connects to {@code config} on {@code loop}, logs in with {@code version} and the forwarded startup
   * parameters, and completes at the server's first ReadyForQuery. The whole login is bounded by the
   * upstream's connect timeout.
   */
  public Future<UpstreamConnection> connect(
      EventLoop loop, UpstreamConfig config, ProtocolVersion version, Map<String, String> parameters) {
    Promise<UpstreamConnection> promise = loop.newPromise();
    SslContext ssl;
    try {
      ssl = tlsContexts.contextFor(config);
    } catch (RuntimeException e) {
      promise.setFailure(new UpstreamException(SqlState.CONNECTION_FAILURE,
          "could not connect to the upstream database", "upstream TLS setup failed: " + e.getMessage(), e));
      return promise;
    }
    long timeoutMillis = config.connectTimeout().toMillis();
    ChannelFuture connect =
        new Bootstrap()
            .group(loop)
            .channel(channelType)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, timeoutMillis))
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.SO_KEEPALIVE, true)
            .option(ChannelOption.AUTO_READ, true)
            .handler(
                new ChannelInitializer<>() {
                  @Override
                  protected void initChannel(Channel ch) {
                    ch.pipeline()
                        .addLast("ssl-negotiation", new UpstreamSslNegotiator(config, ssl))
                        .addLast("encoder", ENCODER)
                        .addLast("handshake",
                            new UpstreamHandshakeHandler(config, version, parameters, maxBackendMessageLength, random, keyCache, promise));
                  }
                })
            .connect(config.host(), config.port());
    connect.addListener(
        f -> {
          if (!f.isSuccess()) {
            promise.tryFailure(UpstreamException.transientFailure(SqlState.SQLCLIENT_UNABLE_TO_ESTABLISH_SQLCONNECTION,
                "could not connect to the upstream database", "upstream connect failed: " + f.cause(), f.cause()));
          }
        });
    ScheduledFuture<?> timeout =
        loop.schedule(
            () -> {
              if (promise.tryFailure(new UpstreamException(SqlState.SQLCLIENT_UNABLE_TO_ESTABLISH_SQLCONNECTION,
                  "timed out connecting to the upstream database", "upstream login timed out after " + timeoutMillis + " ms"))) {
                connect.channel().close();
              }
            },
            timeoutMillis,
            TimeUnit.MILLISECONDS);
    promise.addListener(f -> timeout.cancel(false));
    return promise;
  }
}
