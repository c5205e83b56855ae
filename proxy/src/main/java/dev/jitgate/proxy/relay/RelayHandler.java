package dev.jitgate.proxy.relay;

import dev.jitgate.pg.MessageStreamScanner;
import dev.jitgate.pg.netty.PgFrame;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;

/**
 * Relays one direction of a session: every buffer read from this channel is written, as it is, to the
 * peer channel (no copy, no re-framing), and flushed once per read burst. A {@link
 * MessageStreamScanner} follows message boundaries on the side, for limits and inspection. Backpressure:
 * when this channel cannot take more writes, the peer stops reading until it can.
 */
public final class RelayHandler extends ChannelInboundHandlerAdapter {

  /** What the session learns from the relay. */
  public interface Events {
    /** Bytes were read (and forwarded); called once per buffer. */
    void bytesRelayed(int n);

    /** The stream broke the protocol (e.g. a message over the size limit); the relay stops. */
    void protocolViolation(RuntimeException e);

    /** The channel failed (I/O error, TLS error); the session must end. */
    void transportFailed(Throwable cause);
  }

  private final Channel peer;
  private final MessageStreamScanner scanner;
  private final Events events;
  private boolean pendingFlush;

  public RelayHandler(Channel peer, MessageStreamScanner scanner, Events events) {
    this.peer = peer;
    this.scanner = scanner;
    this.events = events;
  }

  /** True when everything read so far ends on a message boundary. */
  public boolean atMessageBoundary() {
    return scanner.atMessageBoundary();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    ByteBuf buf =
        switch (msg) {
          case ByteBuf b -> b;
          case PgFrame f -> f.content();
          default -> {
            ReferenceCountUtil.release(msg);
            yield null;
          }
        };
    if (buf == null) {
      return;
    }
    try {
      scanner.scan(buf);
    } catch (RuntimeException e) {
      buf.release();
      events.protocolViolation(e);
      return;
    }
    events.bytesRelayed(buf.readableBytes());
    peer.write(buf, peer.voidPromise());
    pendingFlush = true;
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    if (pendingFlush) {
      pendingFlush = false;
      peer.flush();
    }
    ctx.fireChannelReadComplete();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    events.transportFailed(cause);
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    peer.config().setAutoRead(ctx.channel().isWritable());
    ctx.fireChannelWritabilityChanged();
  }
}
