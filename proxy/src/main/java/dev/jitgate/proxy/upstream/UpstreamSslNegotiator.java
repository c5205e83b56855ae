package dev.jitgate.proxy.upstream;

import dev.jitgate.pg.SqlState;
import dev.jitgate.pg.frontend.FrontendMessages;
import dev.jitgate.pg.frontend.SslRequest;
import dev.jitgate.proxy.config.UpstreamConfig;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import dev.jitgate.proxy.tls.UpstreamTlsContexts;

/**
 * Settles TLS with the upstream server the way libpq does for the configured {@code sslmode}: sends
 * SSLRequest, reads the one-byte answer, starts TLS on {@code S}, falls back to plaintext on {@code N}
 * only where the mode allows it. Bytes that arrive behind the {@code S} before the handshake are refused
 * (CVE-2021-23222). Fires {@link UpstreamTransportReady} and removes itself; failures are fired as
 * {@link UpstreamException}s through {@code exceptionCaught}.
 */
public final class UpstreamSslNegotiator extends ChannelInboundHandlerAdapter {

  private final UpstreamConfig config;
  private final SslContext sslContext;
  private boolean awaitingAnswer;

  /** @param sslContext the client context for the mode, or {@code null} when the mode is {@code disable} */
  public UpstreamSslNegotiator(UpstreamConfig config, SslContext sslContext) {
    this.config = config;
    this.sslContext = sslContext;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    if (config.sslMode().triesTls()) {
      awaitingAnswer = true;
      ByteBuf request = ctx.alloc().buffer(8);
      FrontendMessages.encode(SslRequest.INSTANCE, request);
      ctx.writeAndFlush(request);
    } else {
      ready(ctx, false);
    }
    ctx.fireChannelActive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!awaitingAnswer) {
      ctx.fireChannelRead(msg);
      return;
    }
    ByteBuf in = (ByteBuf) msg;
    try {
      byte answer = in.readByte();
      awaitingAnswer = false;
      if (in.isReadable()) {
        fail(ctx, "upstream server sent unencrypted data after its SSL answer");
        return;
      }
      switch (answer) {
        case 'S' -> startTls(ctx);
        case 'N' -> {
          if (config.sslMode().requiresTls()) {
            fail(ctx, "upstream server does not support TLS but sslmode is " + config.sslMode().libpqName());
          } else {
            ready(ctx, false);
          }
        }
        default -> fail(ctx, "upstream server sent an invalid answer to SSLRequest");
      }
    } finally {
      in.release();
    }
  }

  private void startTls(ChannelHandlerContext ctx) {
    SslHandler ssl =
        UpstreamTlsContexts.newHandler(sslContext, config.sslMode(), ctx.alloc(), config.host(), config.port());
    ctx.pipeline().addFirst("tls", ssl);
    ssl.handshakeFuture()
        .addListener(
            f -> {
              if (f.isSuccess()) {
                ready(ctx, true);
              } else {
                ctx.fireExceptionCaught(
                    new UpstreamException(
                        SqlState.CONNECTION_FAILURE,
                        "could not establish TLS with the upstream database",
                        "upstream TLS handshake failed: " + f.cause(),
                        f.cause()));
              }
            });
  }

  private void ready(ChannelHandlerContext ctx, boolean tls) {
    ctx.fireUserEventTriggered(new UpstreamTransportReady(tls));
    if (ctx.pipeline().context(this) != null) {
      ctx.pipeline().remove(this);
    }
  }

  private void fail(ChannelHandlerContext ctx, String logMessage) {
    ctx.fireExceptionCaught(
        new UpstreamException(SqlState.CONNECTION_FAILURE, "could not connect securely to the upstream database", logMessage));
  }
}
