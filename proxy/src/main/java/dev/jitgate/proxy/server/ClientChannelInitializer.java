package dev.jitgate.proxy.server;

import dev.jitgate.pg.PgCodecConfig;
import dev.jitgate.pg.netty.BackendMessageEncoder;
import dev.jitgate.pg.netty.DirectTlsDetector;
import dev.jitgate.pg.netty.PgFrameDecoder;
import dev.jitgate.pg.netty.StartupDecoder;
import dev.jitgate.proxy.session.ClientSession;
import dev.jitgate.proxy.session.ProxyServices;
import dev.jitgate.proxy.tls.ServerTlsContexts;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslHandler;

/**
 * Assembles a client connection's pipeline, top to bottom:
 *
 * <pre>
 *   [direct-tls]  DirectTlsDetector → SslHandler (ALPN "postgresql") when the first byte is a TLS record
 *   startup       StartupDecoder: SSLRequest, GSSENCRequest, CancelRequest, StartupMessage; removes itself
 *   frames        PgFrameDecoder: typed messages during authentication (removed when the relay starts)
 *   encoder       BackendMessageEncoder: messages the proxy itself sends
 *   session       ClientSession: the connection's state machine; adds "relay" before itself later
 * </pre>
 *
 * An {@code SslHandler} named {@code tls} is added first when the client's SSLRequest is accepted.
 */
public final class ClientChannelInitializer extends ChannelInitializer<SocketChannel> {

  private static final BackendMessageEncoder ENCODER = new BackendMessageEncoder();

  private final ProxyServices services;

  public ClientChannelInitializer(ProxyServices services) {
    this.services = services;
  }

  @Override
  protected void initChannel(SocketChannel ch) {
    PgCodecConfig codec = services.config().codec();
    ClientSession session = new ClientSession(services);
    if (services.serverTls() != null && services.config().listener().tls().directTls()) {
      ch.pipeline().addLast("direct-tls", new DirectTlsDetector(ctx -> directTls(ctx, session)));
    }
    ch.pipeline()
        .addLast("startup", new StartupDecoder(codec.maxStartupPacketLength()))
        .addLast("frames", new PgFrameDecoder(codec.maxAuthMessageLength()))
        .addLast("encoder", ENCODER)
        .addLast("session", session);
  }

  private ChannelHandler directTls(ChannelHandlerContext ctx, ClientSession session) {
    SslHandler ssl = services.serverTls().newHandler(ctx.alloc());
    ssl.handshakeFuture()
        .addListener(
            f -> {
              // PostgreSQL 17 requires ALPN "postgresql" on direct TLS so that a TLS connection meant for
              // another protocol cannot be replayed against the database.
              if (f.isSuccess() && ServerTlsContexts.ALPN_POSTGRESQL.equals(ssl.applicationProtocol())) {
                session.markDirectTls();
              } else {
                ctx.channel().close();
              }
            });
    return ssl;
  }
}
