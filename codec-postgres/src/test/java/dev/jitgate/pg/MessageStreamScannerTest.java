package dev.jitgate.pg;

import static dev.jitgate.pg.Wire.concat;
import static dev.jitgate.pg.Wire.hex;
import static dev.jitgate.pg.Wire.wire;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MessageStreamScannerTest {

  /** What the listener saw. */
  record Seen(byte type, byte[] body, int bodyLength) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Seen s && s.type == type && Arrays.equals(s.body, body) && s.bodyLength == bodyLength;
    }

    @Override
    public int hashCode() {
      return type * 31 + Arrays.hashCode(body) + bodyLength;
    }

    @Override
    public String toString() {
      return "Seen[" + (char) type + ", " + Arrays.toString(body) + ", " + bodyLength + "]";
    }
  }

  // Backend stream of a simple query: RowDescription, DataRow, CommandComplete, ErrorResponse, ReadyForQuery
  static final byte[] ROW_DESCRIPTION =
      hex("54 00 00 00 1b 00 01 69 64 00 00 00 40 00 00 01 00 00 00 17 00 04 ff ff ff ff 00 00");
  static final byte[] DATA_ROW = hex("44 00 00 00 0b 00 01 00 00 00 01 31");
  static final byte[] COMMAND_COMPLETE = hex("43 00 00 00 0d 53 45 4c 45 43 54 20 31 00"); // "SELECT 1"
  static final byte[] EMPTY_INSPECTED = hex("49 00 00 00 04"); // EmptyQueryResponse
  // 'E' S"ERROR" C"42601" M"syntax error" Y"zz" 0 -> 37
  static final byte[] ERROR =
      wire().type('E').i32(37).type('S').cstr("ERROR").type('C').cstr("42601").type('M').cstr("syntax error").type('Y').cstr("zz").i8(0).build();
  static final byte[] READY = hex("5a 00 00 00 05 49");
  static final byte[][] MESSAGES = {ROW_DESCRIPTION, DATA_ROW, COMMAND_COMPLETE, EMPTY_INSPECTED, ERROR, READY};
  static final byte[] STREAM = concat(MESSAGES);
  static final byte[] INSPECTED_TYPES = {'C', 'E', 'I'};
  static final int MAX_INSPECTED = 8;

  static final List<Seen> EXPECTED =
      List.of(
          new Seen((byte) 'C', Arrays.copyOfRange(COMMAND_COMPLETE, 5, 5 + 8), 9),
          new Seen((byte) 'I', new byte[0], 0),
          new Seen((byte) 'E', Arrays.copyOfRange(ERROR, 5, 5 + 8), 33));

  private final TrackingAllocator alloc = new TrackingAllocator();

  @AfterEach
  void allBuffersReleased() {
    alloc.assertAllReleased();
  }

  private static Set<Integer> boundaries() {
    Set<Integer> b = new HashSet<>();
    int at = 0;
    b.add(at);
    for (byte[] m : MESSAGES) {
      at += m.length;
      b.add(at);
    }
    return b;
  }

  private MessageStreamScanner scanner(List<Seen> seen) {
    return new MessageStreamScanner(1024, MAX_INSPECTED, INSPECTED_TYPES, (t, body, len) -> seen.add(new Seen(t, body, len)));
  }

  /** Scans {@code STREAM[from, to)} as one buffer and checks that the scan leaves the indexes alone. */
  private void scan(MessageStreamScanner s, int from, int to) {
    scan(s, alloc.wrap(Arrays.copyOfRange(STREAM, from, to)));
  }

  /** Like {@link #scan(MessageStreamScanner, int, int)}, without leak tracking (cheap, for many runs). */
  private static void scanUntracked(MessageStreamScanner s, int from, int to) {
    scan(s, io.netty.buffer.Unpooled.wrappedBuffer(Arrays.copyOfRange(STREAM, from, to)));
  }

  private static void scan(MessageStreamScanner s, ByteBuf buf) {
    try {
      // an offset reader index to show the scanner honours it
      int r = buf.readerIndex();
      int w = buf.writerIndex();
      s.scan(buf);
      assertThat(buf.readerIndex()).isEqualTo(r);
      assertThat(buf.writerIndex()).isEqualTo(w);
    } finally {
      buf.release();
    }
  }

  @Test
  void wholeStreamAtOnce() {
    List<Seen> seen = new ArrayList<>();
    MessageStreamScanner s = scanner(seen);
    scan(s, 0, STREAM.length);
    assertThat(seen).containsExactlyElementsOf(EXPECTED);
    assertThat(s.messageCount()).isEqualTo(MESSAGES.length);
    assertThat(s.atMessageBoundary()).isTrue();
  }

  @Test
  void oneByteAtATimeAndBoundaries() {
    List<Seen> seen = new ArrayList<>();
    MessageStreamScanner s = scanner(seen);
    Set<Integer> boundaries = boundaries();
    assertThat(s.atMessageBoundary()).isTrue();
    for (int i = 0; i < STREAM.length; i++) {
      scan(s, i, i + 1);
      assertThat(s.atMessageBoundary()).as("boundary after byte %d", i + 1).isEqualTo(boundaries.contains(i + 1));
    }
    assertThat(seen).containsExactlyElementsOf(EXPECTED);
    assertThat(s.messageCount()).isEqualTo(MESSAGES.length);
  }

  @Test
  void everySplitIntoTwo() {
    Set<Integer> boundaries = boundaries();
    for (int split = 0; split <= STREAM.length; split++) {
      List<Seen> seen = new ArrayList<>();
      MessageStreamScanner s = scanner(seen);
      scan(s, 0, split);
      assertThat(s.atMessageBoundary()).as("boundary at %d", split).isEqualTo(boundaries.contains(split));
      scan(s, split, STREAM.length);
      assertThat(seen).as("split at %d", split).containsExactlyElementsOf(EXPECTED);
      assertThat(s.messageCount()).isEqualTo(MESSAGES.length);
      assertThat(s.atMessageBoundary()).isTrue();
    }
  }

  @Test
  void everySplitIntoThree() {
    for (int a = 0; a <= STREAM.length; a++) {
      for (int b = a; b <= STREAM.length; b++) {
        List<Seen> seen = new ArrayList<>();
        MessageStreamScanner s = scanner(seen);
        scanUntracked(s, 0, a);
        scanUntracked(s, a, b);
        scanUntracked(s, b, STREAM.length);
        assertThat(seen).as("split at %d, %d", a, b).containsExactlyElementsOf(EXPECTED);
        assertThat(s.messageCount()).isEqualTo(MESSAGES.length);
      }
    }
  }

  @Test
  void countIsOnlyOfCompleteMessages() {
    List<Seen> seen = new ArrayList<>();
    MessageStreamScanner s = scanner(seen);
    scan(s, 0, ROW_DESCRIPTION.length + DATA_ROW.length + 3);
    assertThat(s.messageCount()).isEqualTo(2);
    assertThat(s.atMessageBoundary()).isFalse();
    assertThat(seen).isEmpty();
  }

  @Test
  void bodiesShorterThanTheLimitAreReportedWhole() {
    List<Seen> seen = new ArrayList<>();
    MessageStreamScanner s = new MessageStreamScanner(1024, 1000, INSPECTED_TYPES, (t, body, len) -> seen.add(new Seen(t, body, len)));
    scan(s, 0, STREAM.length);
    assertThat(seen)
        .containsExactly(
            new Seen((byte) 'C', Arrays.copyOfRange(COMMAND_COMPLETE, 5, COMMAND_COMPLETE.length), 9),
            new Seen((byte) 'I', new byte[0], 0),
            new Seen((byte) 'E', Arrays.copyOfRange(ERROR, 5, ERROR.length), 33));
  }

  @Test
  void zeroInspectedBytesStillReportsTheMessages() {
    List<Seen> seen = new ArrayList<>();
    MessageStreamScanner s = new MessageStreamScanner(1024, 0, INSPECTED_TYPES, (t, body, len) -> seen.add(new Seen(t, body, len)));
    scan(s, 0, STREAM.length);
    assertThat(seen)
        .containsExactly(
            new Seen((byte) 'C', new byte[0], 9), new Seen((byte) 'I', new byte[0], 0), new Seen((byte) 'E', new byte[0], 33));
  }

  @Test
  void highTypeBytesCanBeInspected() {
    List<Seen> seen = new ArrayList<>();
    MessageStreamScanner s = new MessageStreamScanner(1024, 8, new byte[] {(byte) 0xF0}, (t, body, len) -> seen.add(new Seen(t, body, len)));
    ByteBuf buf = alloc.wrap(hex("f0 00 00 00 06 01 02  0f 00 00 00 04"));
    s.scan(buf);
    buf.release();
    assertThat(seen).containsExactly(new Seen((byte) 0xF0, hex("01 02"), 2));
    assertThat(s.messageCount()).isEqualTo(2);
  }

  @Test
  void scanHonoursTheReaderIndex() {
    List<Seen> seen = new ArrayList<>();
    MessageStreamScanner s = scanner(seen);
    ByteBuf buf = alloc.wrap(concat(hex("ff ff ff"), COMMAND_COMPLETE));
    buf.readerIndex(3);
    s.scan(buf);
    buf.release();
    assertThat(seen).containsExactly(EXPECTED.get(0));
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 3, -1, Integer.MIN_VALUE, 1025, Integer.MAX_VALUE})
  void invalidLengthIsAProtocolError(int length) {
    byte[] bad = wire().type('C').i32(length).build();
    // header in one piece
    MessageStreamScanner whole = scanner(new ArrayList<>());
    ByteBuf buf = alloc.wrap(bad);
    try {
      assertThatThrownBy(() -> whole.scan(buf)).isExactlyInstanceOf(PgProtocolException.class);
    } finally {
      buf.release();
    }
    // header split across buffers, after a valid message
    MessageStreamScanner split = scanner(new ArrayList<>());
    ByteBuf first = alloc.wrap(concat(READY, Arrays.copyOf(bad, 2)));
    ByteBuf second = alloc.wrap(Arrays.copyOfRange(bad, 2, 5));
    try {
      split.scan(first);
      assertThatThrownBy(() -> split.scan(second)).isExactlyInstanceOf(PgProtocolException.class);
      assertThat(split.messageCount()).isEqualTo(1);
    } finally {
      first.release();
      second.release();
    }
  }

  @Test
  void lengthEqualToTheLimitIsAccepted() {
    MessageStreamScanner s = new MessageStreamScanner(13, 4, new byte[] {'C'}, (t, b, l) -> {});
    ByteBuf buf = alloc.wrap(COMMAND_COMPLETE);
    s.scan(buf);
    buf.release();
    assertThat(s.messageCount()).isEqualTo(1);
  }

  @Test
  void hugeAllowedBodyIsSkippedWithoutAllocation() {
    // a 1 GB CopyData announced; only the inspected prefix would be copied, and 'd' is not inspected
    MessageStreamScanner s = new MessageStreamScanner(PgCodecConfig.POSTGRES_MAX_MESSAGE_LENGTH, 8, new byte[] {'C'}, (t, b, l) -> {});
    ByteBuf header = alloc.wrap(wire().type('d').i32(PgCodecConfig.POSTGRES_MAX_MESSAGE_LENGTH).build());
    s.scan(header);
    header.release();
    assertThat(s.atMessageBoundary()).isFalse();
    ByteBuf chunk = alloc.wrap(new byte[64 * 1024]);
    s.scan(chunk);
    chunk.release();
    assertThat(s.messageCount()).isZero();
  }
}
