package dev.jitgate.proxy.tls;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalIoHandler;
import io.netty.channel.local.LocalServerChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import java.security.cert.X509Certificate;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/** Runs one TLS handshake between two Netty pipelines over an in-VM {@link LocalChannel} pair. */
final class LocalTlsHandshake implements AutoCloseable {

  /**
   * What each side saw.
   *
   * @param clientFailure    null on success
   * @param clientAlpn       protocol the client saw negotiated, or null
   * @param serverAlpn       protocol the server selected, or null
   * @param peerCertificate  the server certificate as seen by the client (null on failure)
   * @param localCertificate the certificate the server presented (null on failure)
   * @param protocol         the negotiated TLS version (null on failure)
   */
  record Result(Throwable clientFailure, String clientAlpn, String serverAlpn, X509Certificate peerCertificate,
      X509Certificate localCertificate, String protocol) {
    boolean succeeded() {
      return clientFailure == null;
    }

    /** The deepest cause of the client's failure. */
    Throwable rootCause() {
      Throwable t = clientFailure;
      while (t != null && t.getCause() != null) {
        t = t.getCause();
      }
      return t;
    }
  }

  private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, LocalIoHandler.newFactory());

  Result run(SslContext serverContext, Function<ByteBufAllocator, SslHandler> clientHandler) throws Exception {
    LocalAddress address = new LocalAddress(LocalTlsHandshake.class);
    CompletableFuture<SslHandler> serverHandler = new CompletableFuture<>();
    Channel server = new ServerBootstrap().group(group).channel(LocalServerChannel.class)
        .childHandler(new ChannelInitializer<LocalChannel>() {
          @Override
          protected void initChannel(LocalChannel ch) {
            SslHandler handler = serverContext.newHandler(ch.alloc());
            ch.pipeline().addLast(handler, new CloseOnException());
            serverHandler.complete(handler);
          }
        })
        .bind(address).sync().channel();
    try {
      CompletableFuture<SslHandler> client = new CompletableFuture<>();
      Channel channel = new Bootstrap().group(group).channel(LocalChannel.class)
          .handler(new ChannelInitializer<LocalChannel>() {
            @Override
            protected void initChannel(LocalChannel ch) {
              SslHandler handler = clientHandler.apply(ch.alloc());
              ch.pipeline().addLast(handler, new CloseOnException());
              client.complete(handler);
            }
          })
          .connect(address).sync().channel();
      try {
        SslHandler clientSsl = client.get(10, TimeUnit.SECONDS);
        clientSsl.handshakeFuture().await(10, TimeUnit.SECONDS);
        if (!clientSsl.handshakeFuture().isSuccess()) {
          Throwable cause = clientSsl.handshakeFuture().cause();
          return new Result(cause == null ? new IllegalStateException("handshake timed out") : cause,
              null, null, null, null, null);
        }
        SslHandler serverSsl = serverHandler.get(10, TimeUnit.SECONDS);
        serverSsl.handshakeFuture().await(10, TimeUnit.SECONDS);
        return new Result(null, clientSsl.applicationProtocol(), serverSsl.applicationProtocol(),
            TlsSessionCertificates.peerCertificate(clientSsl),
            TlsSessionCertificates.localCertificate(serverSsl),
            clientSsl.engine().getSession().getProtocol());
      } finally {
        channel.close().sync();
      }
    } finally {
      server.close().sync();
    }
  }

  /** Expected handshake failures end here instead of being logged as unhandled by the pipeline tail. */
  private static final class CloseOnException extends ChannelInboundHandlerAdapter {
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }

  @Override
  public void close() {
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
