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

  /** Reads an Int32, failing with a protocol error when fewer than 4 bytes remain. */
  public static int readInt(ByteBuf buf) {
    requireReadable(buf, 4);
    return buf.readInt();
  }

  /** Reads one byte, failing with a protocol error when none remains. */
  public static byte readByte(ByteBuf buf) {
    requireReadable(buf, 1);
    return buf.readByte();
  }

  /** Reads {@code Int16 n, Int16[n]}. */
  public static java.util.List<Integer> readShorts(ByteBuf buf) {
    int n = readCount(buf, 2);
    java.util.List<Integer> out = new java.util.ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add((int) buf.readShort());
    }
    return out;
  }

  /** Reads {@code Int32 len | -1, Byte[len]}; {@code null} for -1 (SQL NULL). */
  public static byte[] readNullableBytes(ByteBuf buf) {
    int len = readInt(buf);
    if (len < -1) {
      throw new PgProtocolException("invalid value length " + len);
    }
    return len == -1 ? null : readBytes(buf, len);
  }

  /** Reads {@code Int32 len | -1, Byte[len]} as {@link Bytes}; {@code null} for -1 (SQL NULL). */
  public static Bytes readNullableByteString(ByteBuf buf) {
    int len = readInt(buf);
    if (len < -1) {
      throw new PgProtocolException("invalid value length " + len);
    }
    return len == -1 ? null : Bytes.read(buf, len);
  }

  /** Writes {@code Int32 len | -1, Byte[len]}. */
  public static void writeNullableBytes(ByteBuf out, Bytes value) {
    if (value == null) {
      out.writeInt(-1);
    } else {
      out.writeInt(value.length());
      value.writeTo(out);
    }
  }

  /** Writes {@code Int32 len | -1, Byte[len]}. */
  public static void writeNullableBytes(ByteBuf out, byte[] value) {
    if (value == null) {
      out.writeInt(-1);
    } else {
      out.writeInt(value.length);
      out.writeBytes(value);
    }
  }

  /** Writes {@code Int16 n, Int16[n]}. */
  public static void writeShorts(ByteBuf out, java.util.List<Integer> values) {
    out.writeShort(values.size());
    values.forEach(out::writeShort);
  }

  /** Writes the type byte and a length placeholder; returns where the length goes for {@link #endMessage}. */
  public static int beginMessage(ByteBuf out, char type) {
    out.writeByte(type);
    int start = out.writerIndex();
    out.writeInt(0);
    return start;
  }

  /** Fills in the length word written by {@link #beginMessage}. */
  public static void endMessage(ByteBuf out, int start) {
    out.setInt(start, out.writerIndex() - start);
  }

  /** Writes a message with no body: {@code type, Int32 4}. */
  public static void writeEmptyMessage(ByteBuf out, char type) {
    out.writeByte(type);
    out.writeInt(4);
  }

  /** Writes a message whose body is {@code data}. */
  public static void writeBytesMessage(ByteBuf out, char type, Bytes data) {
    out.writeByte(type);
    out.writeInt(4 + data.length());
    data.writeTo(out);
  }

  /** Writes a message whose body is {@code data}. */
  public static void writeBytesMessage(ByteBuf out, char type, byte[] data) {
    out.writeByte(type);
    out.writeInt(4 + data.length);
    out.writeBytes(data);
  }
}
