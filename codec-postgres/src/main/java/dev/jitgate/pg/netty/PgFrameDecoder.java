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
 * the session moves on (smaller before authentication).
 */
public final class PgFrameDecoder extends ByteToMessageDecoder {

  private int maxMessageLength;

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
    if (in.readableBytes() < PgFrame.HEADER_LENGTH) {
      return;
    }
    int start = in.readerIndex();
    int length = in.getInt(start + 1);
    if (length < 4) {
      throw new PgProtocolException("invalid message length " + length);
    }
    if (length > maxMessageLength) {
      throw new PgProtocolException(
          SqlState.PROTOCOL_VIOLATION, "message length " + length + " exceeds the limit of " + maxMessageLength);
    }
    int total = length + 1;
    if (in.readableBytes() < total) {
      return;
    }
    out.add(new PgFrame(in.readRetainedSlice(total)));
  }
}
