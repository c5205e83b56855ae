package dev.jitgate.pg;

import io.netty.buffer.ByteBuf;
import io.netty.util.ByteProcessor;
import java.nio.charset.StandardCharsets;

/**
 * Reads and writes the protocol's primitive types: NUL-terminated UTF-8 strings, length-prefixed byte
 * strings. Every read is bounded by the readable bytes of the buffer it is given, which the framing
 * layer has already bounded by the configured limits.
 */
public final class ByteBufText {

  private ByteBufText() {}

  /** Reads a NUL-terminated string. Fails with a protocol error when the terminator is missing. */
  public static String readCString(ByteBuf buf) {
    int end = buf.forEachByte(buf.readerIndex(), buf.readableBytes(), ByteProcessor.FIND_NUL);
    if (end < 0) {
      throw new PgProtocolException("string is missing its NUL terminator");
    }
    String s = buf.toString(buf.readerIndex(), end - buf.readerIndex(), StandardCharsets.UTF_8);
    buf.readerIndex(end + 1);
    return s;
  }

  /** Writes {@code s} as UTF-8 followed by NUL. A NUL inside {@code s} cannot be represented. */
  public static void writeCString(ByteBuf buf, String s) {
    if (s.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("a protocol string cannot contain NUL");
    }
    buf.writeCharSequence(s, StandardCharsets.UTF_8);
    buf.writeByte(0);
  }

  /** Reads exactly {@code n} bytes, failing with a protocol error when fewer remain. */
  public static byte[] readBytes(ByteBuf buf, int n) {
    if (n < 0 || n > buf.readableBytes()) {
      throw new PgProtocolException("length " + n + " exceeds the message (" + buf.readableBytes() + " bytes left)");
    }
    byte[] out = new byte[n];
    buf.readBytes(out);
    return out;
  }

  /** Reads a 16-bit count that must be non-negative and fit {@code bytesPerItem} each into the message. */
  public static int readCount(ByteBuf buf, int bytesPerItem) {
    requireReadable(buf, 2);
    int n = buf.readUnsignedShort();
    if ((long) n * bytesPerItem > buf.readableBytes()) {
      throw new PgProtocolException("count " + n + " exceeds the message");
    }
    return n;
  }

  /** Fails with a protocol error unless {@code n} more bytes are readable. */
  public static void requireReadable(ByteBuf buf, int n) {
    if (buf.readableBytes() < n) {
      throw new PgProtocolException("message is truncated");
    }
  }

  /** Fails with a protocol error when bytes remain after the last field. */
  public static void requireFullyRead(ByteBuf buf, String what) {
    if (buf.isReadable()) {
      throw new PgProtocolException(what + " has " + buf.readableBytes() + " unexpected trailing bytes");
    }
  }
}
