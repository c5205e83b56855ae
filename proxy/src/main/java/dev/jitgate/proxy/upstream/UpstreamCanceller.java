package dev.jitgate.proxy.upstream;

import dev.jitgate.pg.backend.BackendKeyData;
import dev.jitgate.pg.frontend.CancelRequest;
import dev.jitgate.pg.netty.FrontendMessageEncoder;
import dev.jitgate.proxy.config.UpstreamConfig;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a CancelRequest with the upstream server's own key on a new connection, under the upstream's
 * SSL mode (so the key does not cross the network in clear where TLS is configured). At most
 * {@code maxInFlight} cancels run at once; more are dropped, which bounds what a CancelRequest flood can
 * make the proxy do.
 */
public final class UpstreamCanceller {

  private static final Logger log = LoggerFactory.getLogger(UpstreamCanceller.class);
  private static final FrontendMessageEncoder ENCODER = new FrontendMessageEncoder();

  private final Class<? extends Channel> channelType;
  private final UpstreamTlsContextCache tlsContexts;
  private final Semaphore inFlight;

  public UpstreamCanceller(Class<? extends Channel> channelType, UpstreamTlsContextCache tlsContexts, int maxInFlight) {
    this.channelType = channelType;
    this.tlsContexts = tlsContexts;
    this.inFlight = new Semaphore(maxInFlight);
  }

  /** Fires the cancel and returns at once; returns false when it was dropped. */
  public boolean cancel(EventLoop loop, UpstreamConfig config, BackendKeyData key) {
    if (key == null || !inFlight.tryAcquire()) {
      return false;
    }
    new Bootstrap()
        .group(loop)
        .channel(channelType)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, config.connectTimeout().toMillis()))
        .handler(
            new ChannelInitializer<>() {
              @Override
              protected void initChannel(Channel ch) {
                ch.pipeline()
                    .addLast(new UpstreamSslNegotiator(config, tlsContexts.contextFor(config)))
                    .addLast(ENCODER)
                    .addLast(new CancelSender(key));
              }
            })
        .connect(config.host(), config.port())
        .addListener(
            (ChannelFutureListener)
                f -> {
                  f.channel().closeFuture().addListener(c -> inFlight.release());
                  if (!f.isSuccess()) {
                    log.warn("cancel: cannot connect to upstream {}:{}: {}", config.host(), config.port(), f.cause().toString());
                  }
                });
    return true;
  }

  /** Writes the CancelRequest once the transport is ready, then waits for the server to close. */
  private static final class CancelSender extends ChannelInboundHandlerAdapter {
    private final BackendKeyData key;

    CancelSender(BackendKeyData key) {
      this.key = key;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
      if (evt instanceof UpstreamTransportReady) {
        ctx.writeAndFlush(new CancelRequest(key.processId(), key.secretKey()))
            .addListener(ChannelFutureListener.CLOSE);
      }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ReferenceCountUtil.release(msg);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      log.warn("cancel: upstream connection failed: {}", cause.toString());
      ctx.close();
    }
  }
}
