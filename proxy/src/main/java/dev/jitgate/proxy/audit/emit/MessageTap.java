package dev.jitgate.proxy.audit.emit;

import dev.jitgate.audit.event.CopyDirection;
import dev.jitgate.pg.MessageStreamScanner;
import dev.jitgate.pg.backend.BackendMessages;
import dev.jitgate.pg.frontend.AuthenticationResponseKind;
import dev.jitgate.pg.frontend.FrontendMessages;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Feeds a {@link StatementTracker} from the relay's {@link MessageStreamScanner}s: the scanners copy only the
 * messages audit needs (and of those only as much as {@link #frontendCaptureLimits} / {@link
 * #backendCaptureLimits} allow), this class decodes them and hands them on. DataRow and CopyData are counted
 * from their length alone, FunctionCallResponse from its type alone; none of them is copied.
 *
 * <p>A statement-bearing message longer than its capture limit arrives cut: a Query or Parse keeps its SQL
 * prefix, marked as cut with the message's size on the wire, a Bind or FunctionCall keeps the parameters
 * captured whole and records the others as cut with their length on the wire. Anything undecodable is counted as an
 * anomaly by the tracker, never thrown. Confined to the session's event loop.
 */
public final class MessageTap {

  /** Frontend types carrying statements, captured up to the statement capture limit. */
  private static final byte[] STATEMENT_TYPES = {'Q', 'P', 'B', 'F'};

  /** Frontend types captured whole (small). */
  private static final byte[] SMALL_FRONTEND_TYPES = {'E', 'C', 'S', 'f', 'c'};

  /** Backend types captured (results; their bodies are small or only a prefix is needed). */
  private static final byte[] RESULT_TYPES = {'C', 'E', 'Z', 'I', 's', 'G', 'H'};

  /** Body bytes of an ErrorResponse kept: enough for SQLSTATE and message. */
  private static final int ERROR_CAPTURE_BYTES = 8 * 1024;

  private final StatementTracker tracker;

  /** A tap feeding {@code tracker}. */
  public MessageTap(StatementTracker tracker) {
    this.tracker = Objects.requireNonNull(tracker, "tracker");
  }

  /**
   * Capture limits for the client-to-server scanner: statement messages up to enough bytes for the tracker's
   * SQL and Bind caps (at least {@code minimum}, at most {@code maxMessageLength}), control messages whole,
   * CopyData by length only, Terminate by type only.
   */
  public static int[] frontendCaptureLimits(TrackerConfig config, int minimum, int maxMessageLength) {
    long wanted = Math.max((long) config.maxSqlChars() * 3, (long) config.maxBindBytes() * 2) + 64 * 1024;
    int statementLimit = (int) Math.min(maxMessageLength, Math.max(minimum, wanted));
    int[] limits = MessageStreamScanner.captureLimits(statementLimit, STATEMENT_TYPES);
    for (byte t : SMALL_FRONTEND_TYPES) {
      limits[t & 0xFF] = 4096;
    }
    limits['d'] = 0;
    limits['X'] = 0;
    return limits;
  }

  /** Capture limits for the server-to-client scanner: results, DataRow and CopyData by length only. */
  public static int[] backendCaptureLimits() {
    int[] limits = MessageStreamScanner.captureLimits(ERROR_CAPTURE_BYTES, RESULT_TYPES);
    limits['D'] = 0;
    limits['d'] = 0;
    limits['V'] = 0;
    limits['c'] = 0;
    limits['W'] = 0;
    return limits;
  }

  /** A client message (or its captured prefix) about to be forwarded. */
  public void frontend(byte type, byte[] body, int length, long nanoTime) {
    if (type == 'd') {
      tracker.onCopyData(CopyDirection.IN, length);
      return;
    }
    if (body.length == length) {
      try {
        tracker.onFrontend(FrontendMessages.decode(type, Unpooled.wrappedBuffer(body), AuthenticationResponseKind.SASL),
            nanoTime);
      } catch (RuntimeException e) {
        tracker.anomaly();
      }
      return;
    }
    switch (type) {
      case 'Q' -> tracker.onCutQuery(prefix(body, 0), length, nanoTime);
      case 'P' -> {
        int nul = indexOfNul(body, 0);
        if (nul < 0) {
          tracker.anomaly();
        } else {
          tracker.onCutParse(text(body, 0, nul), prefix(body, nul + 1), length);
        }
      }
      case 'B' -> partialBind(body);
      case 'F' -> partialFunctionCall(body, nanoTime);
      default -> tracker.anomaly(); // a control message that should be small
    }
  }

  /** A server message (or its captured prefix) about to be forwarded. */
  public void backend(byte type, byte[] body, int length, long nanoTime) {
    switch (type) {
      case 'D' -> tracker.onDataRow();
      case 'd' -> tracker.onCopyData(CopyDirection.OUT, length);
      case 'V' -> tracker.onFunctionCallResponse(nanoTime);
      default -> {
        byte[] whole = body;
        if (body.length < length) {
          if (type != 'E') {
            tracker.anomaly();
            return;
          }
          whole = cutErrorFields(body);
        }
        try {
          tracker.onBackend(BackendMessages.decode(type, Unpooled.wrappedBuffer(whole)), nanoTime);
        } catch (RuntimeException e) {
          tracker.anomaly();
        }
      }
    }
  }

  /** The complete error fields of a cut ErrorResponse, re-terminated so that it decodes. */
  private static byte[] cutErrorFields(byte[] body) {
    int end = 0;
    int i = 0;
    while (i < body.length && body[i] != 0) {
      int nul = indexOfNul(body, i + 1);
      if (nul < 0) {
        break;
      }
      i = nul + 1;
      end = i;
    }
    byte[] out = new byte[end + 1];
    System.arraycopy(body, 0, out, 0, end);
    return out;
  }

  private void partialBind(byte[] body) {
    int portalEnd = indexOfNul(body, 0);
    int statementEnd = portalEnd < 0 ? -1 : indexOfNul(body, portalEnd + 1);
    if (statementEnd < 0) {
      tracker.anomaly();
      return;
    }
    PartialValues v = partialValues(body, statementEnd + 1);
    tracker.onPartialBind(text(body, 0, portalEnd), text(body, portalEnd + 1, statementEnd), v.formats, v.values,
        v.missingLengths);
  }

  /** A FunctionCall longer than its capture: the function and the arguments captured whole, the rest as cut. */
  private void partialFunctionCall(byte[] body, long nanoTime) {
    if (body.length < 4) {
      tracker.anomaly();
      return;
    }
    long functionOid = Integer.toUnsignedLong(
        (body[0] << 24) | ((body[1] & 0xFF) << 16) | ((body[2] & 0xFF) << 8) | (body[3] & 0xFF));
    PartialValues v = partialValues(body, 4);
    tracker.onPartialFunctionCall(functionOid, v.formats, v.values, v.missingLengths, nanoTime);
  }

  /**
   * The format codes and values of a cut Bind or FunctionCall from {@code pos} on: the values that fit in the
   * capture whole (null for SQL NULL), then one entry per remaining value with its length on the wire (null
   * when not even the length was captured).
   */
  private record PartialValues(List<Integer> formats, List<byte[]> values, List<Integer> missingLengths) {}

  private static PartialValues partialValues(byte[] body, int start) {
    int pos = start;
    List<Integer> formats = new ArrayList<>();
    List<byte[]> values = new ArrayList<>();
    List<Integer> missing = new ArrayList<>();
    if (pos + 2 > body.length) {
      return new PartialValues(formats, values, missing);
    }
    int formatCount = u16(body, pos);
    pos += 2;
    if (pos + 2 * formatCount + 2 > body.length) {
      return new PartialValues(List.of(), values, missing);
    }
    for (int i = 0; i < formatCount; i++) {
      formats.add(u16(body, pos));
      pos += 2;
    }
    int count = u16(body, pos);
    pos += 2;
    for (int i = 0; i < count; i++) {
      if (pos + 4 > body.length) {
        missing.add(null);
        continue;
      }
      int len = (body[pos] << 24) | ((body[pos + 1] & 0xFF) << 16) | ((body[pos + 2] & 0xFF) << 8) | (body[pos + 3] & 0xFF);
      pos += 4;
      if (!missing.isEmpty() || (len > 0 && pos + len > body.length)) {
        missing.add(len);
        pos = body.length;
      } else if (len < 0) {
        values.add(null);
      } else {
        byte[] value = new byte[len];
        System.arraycopy(body, pos, value, 0, len);
        values.add(value);
        pos += len;
      }
    }
    return new PartialValues(formats, values, missing);
  }

  private static int u16(byte[] b, int pos) {
    return ((b[pos] & 0xFF) << 8) | (b[pos + 1] & 0xFF);
  }

  private static int indexOfNul(byte[] b, int from) {
    for (int i = from; i < b.length; i++) {
      if (b[i] == 0) {
        return i;
      }
    }
    return -1;
  }

  private static String text(byte[] b, int from, int to) {
    return new String(b, from, to - from, StandardCharsets.UTF_8);
  }

  /** The rest of a cut message as text (no terminator was captured). */
  private static String prefix(byte[] b, int from) {
    return new String(b, from, b.length - from, StandardCharsets.UTF_8).replace("\0", "");
  }
}
