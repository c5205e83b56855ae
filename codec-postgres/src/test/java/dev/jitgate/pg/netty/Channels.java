package dev.jitgate.pg.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.jitgate.pg.PgProtocolException;
import dev.jitgate.pg.TrackingAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayList;
import java.util.List;

/** Helpers for pipeline tests with a real {@link EmbeddedChannel} and a {@link TrackingAllocator}. */
final class Channels {

  private Channels() {}

  static EmbeddedChannel channel(TrackingAllocator alloc, ChannelHandler... handlers) {
    EmbeddedChannel ch = new EmbeddedChannel();
    ch.config().setAllocator(alloc);
    ch.pipeline().addLast(handlers);
    return ch;
  }

  /** Writes {@code bytes} one byte per read. */
  static void writeByteByByte(EmbeddedChannel ch, TrackingAllocator alloc, byte[] bytes) {
    for (byte b : bytes) {
      ch.writeInbound(alloc.wrap(new byte[] {b}));
    }
  }

  /** Writes {@code bytes} in one read. */
  static void write(EmbeddedChannel ch, TrackingAllocator alloc, byte[] bytes) {
    ch.writeInbound(alloc.wrap(bytes));
  }

  /** Reads every pending inbound message. */
  static List<Object> drainInbound(EmbeddedChannel ch) {
    List<Object> out = new ArrayList<>();
    for (Object m; (m = ch.readInbound()) != null; ) {
      out.add(m);
    }
    return out;
  }

  static void releaseAll(List<?> messages) {
    messages.forEach(ReferenceCountUtil::release);
  }

  /** Reads the inbound ByteBufs, concatenates their bytes and releases them. */
  static byte[] drainBytes(EmbeddedChannel ch) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (Object m : drainInbound(ch)) {
      assertThat(m).isInstanceOf(ByteBuf.class);
      out.writeBytes(ByteBufUtil.getBytes((ByteBuf) m));
      ((ByteBuf) m).release();
    }
    return out.toByteArray();
  }

  /**
   * The PgProtocolException behind a pipeline failure: ByteToMessageDecoder wraps exceptions that are
   * not DecoderExceptions in one.
   */
  static PgProtocolException protocolError(Throwable t) {
    assertThat(t).as("a failure was raised").isNotNull();
    Throwable cause = t instanceof DecoderException && !(t instanceof PgProtocolException) && t.getCause() != null ? t.getCause() : t;
    assertThat(cause).as("cause of %s", t).isExactlyInstanceOf(PgProtocolException.class);
    return (PgProtocolException) cause;
  }

  /** Runs {@code action} and returns the PgProtocolException it raised (possibly wrapped). */
  static PgProtocolException expectProtocolError(Runnable action) {
    return protocolError(catchThrowable(action::run));
  }
}
