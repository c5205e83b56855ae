package dev.jitgate.pg.netty;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;
import java.util.function.Function;

/**
 * Looks at the first byte of a connection. A TLS handshake record ({@code 0x16}) means the client uses
 * direct TLS (PostgreSQL 17's {@code sslnegotiation=direct}) instead of an SSLRequest: this handler then
 * replaces itself with the handler the factory makes (an {@code SslHandler} that requires ALPN
 * {@code postgresql}), which receives the buffered bytes. Any other first byte: it removes itself and
 * the bytes go on to the startup decoder. A factory returning {@code null} refuses direct TLS.
 */
public final class DirectTlsDetector extends ByteToMessageDecoder {

  /** First byte of a TLS record carrying a handshake message. */
  public static final int TLS_HANDSHAKE_RECORD = 0x16;

  private final Function<ChannelHandlerContext, ChannelHandler> tlsHandlerFactory;

  public DirectTlsDetector(Function<ChannelHandlerContext, ChannelHandler> tlsHandlerFactory) {
    this.tlsHandlerFactory = tlsHandlerFactory;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    if (!in.isReadable()) {
      return;
    }
    if (in.getUnsignedByte(in.readerIndex()) == TLS_HANDSHAKE_RECORD) {
      ChannelHandler tls = tlsHandlerFactory.apply(ctx);
      if (tls != null) {
        ctx.pipeline().replace(this, "tls", tls);
        return;
      }
    }
    ctx.pipeline().remove(this);
  }
}
