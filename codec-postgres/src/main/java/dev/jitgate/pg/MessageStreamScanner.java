package dev.jitgate.pg;

import io.netty.buffer.ByteBuf;

/**
 * Follows message boundaries in a relayed byte stream without buffering it: the relay forwards each
 * buffer as it is, and the scanner reads only the 5-byte headers (and, for the message types the caller
 * inspects, up to {@code maxInspectedBytes} of the body, copied). This keeps the data path free of
 * copies and of allocations proportional to message size.
 *
 * <p>Not thread-safe: one scanner per direction per session, used on the session's event loop.
 */
public final class MessageStreamScanner {

  /** Receives each complete message of an inspected type. */
  @FunctionalInterface
  public interface Listener {
    /**
     * @param type the message type byte
     * @param body the first bytes of the body (at most the scanner's inspection limit)
     * @param bodyLength the full body length
     */
    void onMessage(byte type, byte[] body, int bodyLength);
  }

  private final int maxMessageLength;
  private final int[] captureLimits = new int[256];
  private final Listener listener;
  private static final byte[] EMPTY = new byte[0];

  private final byte[] header = new byte[PgFrameHeader.LENGTH];
  private int headerFill;
  private long bodyRemaining;
  private int bodyLength;
  private byte[] capture;
  private int captureFill;
  private long messages;

  /**
   * @param maxMessageLength largest accepted length word; larger is a {@link PgProtocolException}
   * @param maxInspectedBytes how much of an inspected body to copy
   * @param inspectedTypes the message types reported to the listener
   */
  public MessageStreamScanner(int maxMessageLength, int maxInspectedBytes, byte[] inspectedTypes, Listener listener) {
    this(maxMessageLength, captureLimits(maxInspectedBytes, inspectedTypes), listener);
  }

  /**
   * A scanner with a capture limit per message type.
   *
   * @param maxMessageLength largest accepted length word; larger is a {@link PgProtocolException}
   * @param captureLimits 256 entries indexed by the unsigned type byte: how many body bytes of that type to copy
   *     for the listener, or a negative number for types not reported (0 reports the type and length only)
   */
  public MessageStreamScanner(int maxMessageLength, int[] captureLimits, Listener listener) {
    if (captureLimits.length != 256) {
      throw new IllegalArgumentException("captureLimits must have 256 entries, has " + captureLimits.length);
    }
    this.maxMessageLength = maxMessageLength;
    System.arraycopy(captureLimits, 0, this.captureLimits, 0, 256);
    this.listener = listener;
  }

  /** Capture limits that report {@code types} with at most {@code limit} body bytes and nothing else. */
  public static int[] captureLimits(int limit, byte... types) {
    int[] limits = new int[256];
    java.util.Arrays.fill(limits, -1);
    for (byte t : types) {
      limits[t & 0xFF] = limit;
    }
    return limits;
  }

  /** True when the bytes scanned so far end exactly at the end of a message. */
  public boolean atMessageBoundary() {
    return headerFill == 0 && bodyRemaining == 0;
  }

  /** Number of complete messages scanned. */
  public long messageCount() {
    return messages;
  }

  /** Scans the readable bytes of {@code buf} without changing its indexes. */
  public void scan(ByteBuf buf) {
    int i = buf.readerIndex();
    int end = buf.writerIndex();
    while (i < end) {
      if (bodyRemaining > 0) {
        int n = (int) Math.min(bodyRemaining, end - i);
        if (capture != null && captureFill < capture.length) {
          int c = Math.min(n, capture.length - captureFill);
          buf.getBytes(i, capture, captureFill, c);
          captureFill += c;
        }
        i += n;
        bodyRemaining -= n;
        if (bodyRemaining == 0) {
          complete();
        }
        continue;
      }
      if (headerFill == 0 && end - i >= PgFrameHeader.LENGTH) {
        startBody(buf.getByte(i), buf.getInt(i + 1));
        i += PgFrameHeader.LENGTH;
      } else {
        header[headerFill++] = buf.getByte(i++);
        if (headerFill == PgFrameHeader.LENGTH) {
          headerFill = 0;
          int length = ((header[1] & 0xFF) << 24) | ((header[2] & 0xFF) << 16) | ((header[3] & 0xFF) << 8) | (header[4] & 0xFF);
          startBody(header[0], length);
        }
      }
      if (bodyRemaining == 0 && headerFill == 0) {
        complete();
      }
    }
  }

  private void startBody(byte type, int length) {
    if (length < 4 || length > maxMessageLength) {
      throw new PgProtocolException("invalid message length " + length);
    }
    header[0] = type;
    bodyLength = length - 4;
    bodyRemaining = bodyLength;
    int limit = captureLimits[type & 0xFF];
    capture = limit < 0 ? null : limit == 0 || bodyLength == 0 ? EMPTY : new byte[Math.min(bodyLength, limit)];
    captureFill = 0;
  }

  private void complete() {
    messages++;
    if (capture != null) {
      byte[] body = capture;
      capture = null;
      listener.onMessage(header[0], body, bodyLength);
    }
  }

  /** Layout constants of a message header. */
  private static final class PgFrameHeader {
    static final int LENGTH = 5;
  }
}
