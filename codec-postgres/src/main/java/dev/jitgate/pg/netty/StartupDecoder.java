package dev.jitgate.pg.netty;

import dev.jitgate.pg.PgProtocolException;
import dev.jitgate.pg.frontend.CancelRequest;
import dev.jitgate.pg.frontend.FrontendMessages;
import dev.jitgate.pg.frontend.GssEncRequest;
import dev.jitgate.pg.frontend.SslRequest;
import dev.jitgate.pg.frontend.StartupMessage;
import dev.jitgate.pg.frontend.StartupPacket;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Decodes the untyped packets that open a connection ({@code Int32 length, Int32 code, payload}) into
 * {@link StartupPacket}s and removes itself after the packet that ends the startup phase (StartupMessage
 * or CancelRequest); later bytes go on to the next handler untouched.
 *
 * <p>It decodes one packet per read and then waits for the handler after it to answer: after an
 * SSLRequest or GSSENCRequest the client must wait for the server's one-byte reply, so any byte already
 * buffered behind the request is a protocol violation (CVE-2021-23214: those bytes would otherwise be
 * read as if they had come through TLS). After any violation the decoder discards all further input, so
 * bytes it rejected are never decoded later (on the next read or when the channel closes).
 */
public final class StartupDecoder extends ByteToMessageDecoder {

  private final int maxPacketLength;
  private boolean failed;

  /** @param maxPacketLength largest accepted packet, length word included */
  public StartupDecoder(int maxPacketLength) {
    this.maxPacketLength = maxPacketLength;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    if (failed) {
      in.skipBytes(in.readableBytes());
      return;
    }
    try {
      decodePacket(ctx, in, out);
    } catch (PgProtocolException e) {
      failed = true;
      in.skipBytes(in.readableBytes());
      throw e;
    }
  }

  private void decodePacket(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    if (in.readableBytes() < 4) {
      return;
    }
    int length = in.getInt(in.readerIndex());
    if (length < 8 || length > maxPacketLength) {
      throw new PgProtocolException("invalid length of startup packet: " + length);
    }
    if (in.readableBytes() < length) {
      return;
    }
    ByteBuf payload = in.readSlice(length).skipBytes(4);
    StartupPacket packet = FrontendMessages.decodeStartupPacket(payload);
    switch (packet) {
      case SslRequest s -> requireNothingPipelined(in, "SSLRequest");
      case GssEncRequest g -> requireNothingPipelined(in, "GSSENCRequest");
      case StartupMessage m -> ctx.pipeline().remove(this);
      case CancelRequest c -> ctx.pipeline().remove(this);
    }
    out.add(packet);
  }

  private static void requireNothingPipelined(ByteBuf in, String request) {
    if (in.isReadable()) {
      throw new PgProtocolException("received unencrypted data after " + request);
    }
  }
}
