package dev.jitgate.proxy.audit.spool;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * Byte layout of one spool record (big-endian):
 * {@code magic u16 'JS' | version u8 | length u32 | sequence u64 | appendedAt epoch-millis u64 |
 * crc u32 | payload[length]}; the CRC32C covers length, sequence, appendedAt and the payload.
 */
final class RecordFormat {

  static final short MAGIC = 0x4A53;
  static final byte VERSION = 1;
  static final int HEADER_BYTES = 2 + 1 + 4 + 8 + 8 + 4;
  private static final int CRC_FROM = 3;
  private static final int CRC_AT = 23;

  private RecordFormat() {}

  /** Header plus payload, ready to write. */
  static ByteBuffer encode(long sequence, long appendedAtMillis, byte[] payload) {
    ByteBuffer buffer = ByteBuffer.allocate(HEADER_BYTES + payload.length);
    buffer.putShort(MAGIC).put(VERSION).putInt(payload.length).putLong(sequence).putLong(appendedAtMillis);
    buffer.putInt(0).put(payload);
    byte[] bytes = buffer.array();
    buffer.putInt(CRC_AT, crc(bytes, 0, bytes, HEADER_BYTES, payload.length));
    return buffer.flip();
  }

  /**
   * Writes the record (header plus {@code payload[0, length)}) at {@code out}'s position, with {@code crc} (reset
   * here) as the checksum: the same bytes as {@link #encode(long, long, byte[])}, into a buffer the caller reuses.
   */
  static void encode(ByteBuffer out, CRC32C crc, long sequence, long appendedAtMillis, byte[] payload, int length) {
    int start = out.position();
    out.putShort(MAGIC).put(VERSION).putInt(length).putLong(sequence).putLong(appendedAtMillis);
    crc.reset();
    crc.update(out.duplicate().position(start + CRC_FROM).limit(start + CRC_AT));
    crc.update(payload, 0, length);
    out.putInt((int) crc.getValue()).put(payload, 0, length);
  }

  /**
   * Parses the record starting at {@code at}, or returns {@code null} when the bytes there are not a
   * complete valid record with a sequence above {@code afterSequence}.
   */
  static Header parse(byte[] bytes, int at, int end, long afterSequence, int maxRecordBytes) {
    if (end - at < HEADER_BYTES) {
      return null;
    }
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    if (buffer.getShort(at) != MAGIC || buffer.get(at + 2) != VERSION) {
      return null;
    }
    int length = buffer.getInt(at + 3);
    if (length < 0 || length > maxRecordBytes || length > end - at - HEADER_BYTES) {
      return null;
    }
    long sequence = buffer.getLong(at + 7);
    if (sequence <= afterSequence) {
      return null;
    }
    if (buffer.getInt(at + CRC_AT) != crc(bytes, at, bytes, at + HEADER_BYTES, length)) {
      return null;
    }
    return new Header(length, sequence, buffer.getLong(at + 15));
  }

  private static int crc(byte[] header, int headerAt, byte[] payload, int payloadAt, int length) {
    CRC32C crc = new CRC32C();
    crc.update(header, headerAt + CRC_FROM, CRC_AT - CRC_FROM);
    crc.update(payload, payloadAt, length);
    return (int) crc.getValue();
  }

  /** A parsed header. */
  record Header(int length, long sequence, long appendedAtMillis) {
    int recordBytes() {
      return HEADER_BYTES + length;
    }
  }
}
