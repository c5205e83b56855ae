package dev.jitgate.pg.netty;

import dev.jitgate.pg.PgProtocolException;
import dev.jitgate.pg.SqlState;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Splits a stream of typed messages ({@code Byte1 type, Int32 length, body}) into {@link PgFrame}s,
 * each a retained slice of the input (no copy). The claimed length is checked against the limit before
 * any body byte is buffered; a violation is a {@link PgProtocolException}. The limit can be changed as
 * the session moves on (smaller before authentication). After a violation the decoder discards all
 * further input: nothing past the bad header is buffered or decoded.
 */
public final class PgFrameDecoder extends ByteToMessageDecoder {

  private int maxMessageLength;
  private boolean failed;

  /** @param maxMessageLength largest accepted value of the length word (it counts itself) */
  public PgFrameDecoder(int maxMessageLength) {
    setMaxMessageLength(maxMessageLength);
  }

  /** Changes the limit for messages not yet started. */
  public void setMaxMessageLength(int maxMessageLength) {
    if (maxMessageLength < 4) {
      throw new IllegalArgumentException("maxMessageLength must be at least 4");
    }
    this.maxMessageLength = maxMessageLength;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    if (failed) {
      in.skipBytes(in.readableBytes());
      return;
    }
    if (in.readableBytes() < PgFrame.HEADER_LENGTH) {
      return;
    }
    int start = in.readerIndex();
    int length = in.getInt(start + 1);
    if (length < 4) {
      throw fail(in, new PgProtocolException("invalid message length " + length));
    }
    if (length > maxMessageLength) {
      throw fail(
          in,
          new PgProtocolException(
              SqlState.PROTOCOL_VIOLATION, "message length " + length + " exceeds the limit of " + maxMessageLength));
    }
    // The whole message is length + 1 bytes; compare without computing it, which overflows for 2^31-1.
    if (in.readableBytes() <= length) {
      return;
    }
    out.add(new PgFrame(in.readRetainedSlice(length + 1)));
  }

  /** Stops decoding for good: the stream has lost its framing, so later bytes are dropped, not buffered. */
  private PgProtocolException fail(ByteBuf in, PgProtocolException e) {
    failed = true;
    in.skipBytes(in.readableBytes());
    return e;
  }
}
