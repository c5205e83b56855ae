package dev.jitgate.pg.netty;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;

/**
 * One typed protocol message, exactly as it arrived: {@code Byte1 type, Int32 length, body}. The content
 * is the whole message, so a frame can be forwarded without re-encoding; {@link #body()} is a view of the
 * part after the length word. The holder owns one reference to its content.
 */
public final class PgFrame extends DefaultByteBufHolder {

  /** Bytes before the body: the type byte and the length word. */
  public static final int HEADER_LENGTH = 5;

  public PgFrame(ByteBuf wholeMessage) {
    super(wholeMessage);
  }

  /** The message type byte. */
  public byte type() {
    return content().getByte(content().readerIndex());
  }

  /** A view of the body (no copy, no extra reference). */
  public ByteBuf body() {
    ByteBuf c = content();
    return c.slice(c.readerIndex() + HEADER_LENGTH, c.readableBytes() - HEADER_LENGTH);
  }

  @Override
  public PgFrame replace(ByteBuf content) {
    return new PgFrame(content);
  }

  @Override
  public PgFrame copy() {
    return replace(content().copy());
  }

  @Override
  public PgFrame duplicate() {
    return replace(content().duplicate());
  }

  @Override
  public PgFrame retainedDuplicate() {
    return replace(content().retainedDuplicate());
  }

  @Override
  public PgFrame retain(int increment) {
    super.retain(increment);
    return this;
  }

  @Override
  public PgFrame touch() {
    super.touch();
    return this;
  }

  @Override
  public PgFrame retain() {
    super.retain();
    return this;
  }

  @Override
  public PgFrame touch(Object hint) {
    super.touch(hint);
    return this;
  }

  @Override
  public String toString() {
    return "PgFrame[type=" + (char) type() + ", length=" + (content().readableBytes() - 1) + "]";
  }
}
