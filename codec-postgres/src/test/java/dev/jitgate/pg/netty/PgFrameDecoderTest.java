package dev.jitgate.pg.netty;

import static dev.jitgate.pg.Wire.concat;
import static dev.jitgate.pg.Wire.hex;
import static dev.jitgate.pg.netty.Channels.channel;
import static dev.jitgate.pg.netty.Channels.drainInbound;
import static dev.jitgate.pg.netty.Channels.expectProtocolError;
import static dev.jitgate.pg.netty.Channels.releaseAll;
import static dev.jitgate.pg.netty.Channels.write;
import static dev.jitgate.pg.netty.Channels.writeByteByByte;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jitgate.pg.PgProtocolException;
import dev.jitgate.pg.SqlState;
import dev.jitgate.pg.TrackingAllocator;
import dev.jitgate.pg.frontend.AuthenticationResponseKind;
import dev.jitgate.pg.frontend.FrontendMessages;
import dev.jitgate.pg.frontend.Query;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PgFrameDecoderTest {

  // 'Q' "SELECT 1": 4 + 9 = 13
  static final byte[] QUERY = hex("51 00 00 00 0d 53 45 4c 45 43 54 20 31 00");
  static final byte[] SYNC = hex("53 00 00 00 04");
  // 'd' 3 bytes: 4 + 3 = 7
  static final byte[] COPY_DATA = hex("64 00 00 00 07 00 ff 01");
  // type 0xFF, empty
  static final byte[] ODD = hex("ff 00 00 00 04");

  private final TrackingAllocator alloc = new TrackingAllocator();

  @AfterEach
  void allBuffersReleased() {
    alloc.assertAllReleased();
  }

  @Test
  void byteAtATimeYieldsEachFrame() {
    EmbeddedChannel ch = channel(alloc, new PgFrameDecoder(1024));
    byte[] stream = concat(QUERY, SYNC, COPY_DATA, ODD);
    for (int i = 0; i < stream.length; i++) {
      ch.writeInbound(alloc.wrap(new byte[] {stream[i]}));
      int end = i + 1;
      boolean boundary = end == QUERY.length || end == QUERY.length + SYNC.length
          || end == QUERY.length + SYNC.length + COPY_DATA.length || end == stream.length;
      List<Object> frames = drainInbound(ch);
      try {
        assertThat(frames).as("frames after byte %d", end).hasSize(boundary ? 1 : 0);
      } finally {
        if (!frames.isEmpty()) {
          PgFrame f = (PgFrame) frames.get(0);
          byte[] whole = ByteBufUtil.getBytes(f.content());
          byte[] expected = java.util.Arrays.copyOfRange(stream, end - whole.length, end);
          assertThat(whole).isEqualTo(expected);
        }
        releaseAll(frames);
      }
    }
    assertThat(ch.finish()).isFalse();
  }

  @Test
  void framesHaveTypeBodyAndWholeMessage() {
    EmbeddedChannel ch = channel(alloc, new PgFrameDecoder(1024));
    writeByteByByte(ch, alloc, concat(QUERY, SYNC, COPY_DATA, ODD));
    List<Object> frames = drainInbound(ch);
    try {
      assertThat(frames).hasSize(4).allMatch(PgFrame.class::isInstance);
      PgFrame q = (PgFrame) frames.get(0);
      assertThat(q.type()).isEqualTo((byte) 'Q');
      assertThat(ByteBufUtil.getBytes(q.body())).isEqualTo(hex("53 45 4c 45 43 54 20 31 00"));
      assertThat(ByteBufUtil.getBytes(q.content())).isEqualTo(QUERY);
      assertThat(FrontendMessages.decode(q.type(), q.body(), AuthenticationResponseKind.PASSWORD)).isEqualTo(new Query("SELECT 1"));
      assertThat(q.toString()).contains("type=Q").contains("length=13");

      PgFrame s = (PgFrame) frames.get(1);
      assertThat(s.type()).isEqualTo((byte) 'S');
      assertThat(s.body().readableBytes()).isZero();

      PgFrame d = (PgFrame) frames.get(2);
      assertThat(d.type()).isEqualTo((byte) 'd');
      assertThat(ByteBufUtil.getBytes(d.body())).isEqualTo(hex("00 ff 01"));

      PgFrame odd = (PgFrame) frames.get(3);
      assertThat(odd.type()).isEqualTo((byte) 0xFF);
      assertThat(odd.body().readableBytes()).isZero();
    } finally {
      releaseAll(frames);
    }
    assertThat(ch.finish()).isFalse();
  }

  @Test
  void framesAreRetainedSlicesOfTheInput() {
    EmbeddedChannel ch = channel(alloc, new PgFrameDecoder(1024));
    ByteBuf input = alloc.wrap(concat(QUERY, SYNC));
    ch.writeInbound(input);
    List<Object> frames = drainInbound(ch);
    assertThat(frames).hasSize(2);
    // the decoder released its own reference; each frame holds one on the same memory
    assertThat(input.refCnt()).isEqualTo(2);
    PgFrame q = (PgFrame) frames.get(0);
    PgFrame s = (PgFrame) frames.get(1);
    assertThat(q.content().hasArray()).isTrue();
    assertThat(q.content().array()).as("no copy").isSameAs(input.array());
    assertThat(s.content().array()).as("no copy").isSameAs(input.array());
    q.release();
    assertThat(input.refCnt()).isEqualTo(1);
    s.release();
    assertThat(input.refCnt()).isZero();
    assertThat(ch.finish()).isFalse();
  }

  @Test
  void bodyIsAViewWithoutExtraReference() {
    EmbeddedChannel ch = channel(alloc, new PgFrameDecoder(1024));
    write(ch, alloc, QUERY);
    PgFrame f = ch.readInbound();
    int refs = f.refCnt();
    ByteBuf body = f.body();
    assertThat(f.refCnt()).isEqualTo(refs);
    assertThat(body.readableBytes()).isEqualTo(9);
    PgFrame dup = (PgFrame) f.retainedDuplicate();
    assertThat(dup).isInstanceOf(PgFrame.class);
    assertThat(dup.type()).isEqualTo((byte) 'Q');
    dup.release();
    f.release();
    assertThat(ch.finish()).isFalse();
  }

  @Test
  void partialMessageLeftAtCloseIsReleased() {
    EmbeddedChannel ch = channel(alloc, new PgFrameDecoder(1024));
    write(ch, alloc, java.util.Arrays.copyOf(QUERY, 8));
    assertThat(ch.finish()).isFalse();
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 3, -1, -4, Integer.MIN_VALUE})
  void lengthBelowFourIsRejectedAtTheHeader(int length) {
    assertRejectedAtHeader(new PgFrameDecoder(1024), length);
  }

  @ParameterizedTest
  @ValueSource(ints = {1025, 1 << 20, 0x3FFF_FFFF, 0x4000_0000, 0x7FFF_FFFE, 0x7FFF_FFFF})
  void lengthAboveTheLimitIsRejectedAtTheHeader(int length) {
    PgProtocolException e = assertRejectedAtHeader(new PgFrameDecoder(1024), length);
    assertThat(e.sqlState()).isEqualTo(SqlState.PROTOCOL_VIOLATION);
  }

  @ParameterizedTest
  @ValueSource(ints = {0x7FFF_FFFE, 0x7FFF_FFFF})
  void lengthNear2To31WithinTheLimitWaitsWithoutOverflowOrAllocation(int length) {
    // The largest limit the decoder accepts: the message is allowed, just not complete.
    EmbeddedChannel ch = channel(alloc, new PgFrameDecoder(Integer.MAX_VALUE));
    byte[] header = new byte[] {'d', (byte) (length >>> 24), (byte) (length >>> 16), (byte) (length >>> 8), (byte) length};
    writeByteByByte(ch, alloc, header);
    write(ch, alloc, new byte[100]);
    assertThat(drainInbound(ch)).isEmpty();
    assertThat(alloc.largestCapacity()).as("buffered no more than what arrived").isLessThan(1024);
    assertThat(ch.finish()).isFalse();
  }

  private PgProtocolException assertRejectedAtHeader(PgFrameDecoder decoder, int length) {
    EmbeddedChannel ch = channel(alloc, decoder);
    byte[] header = new byte[] {'Q', (byte) (length >>> 24), (byte) (length >>> 16), (byte) (length >>> 8), (byte) length};
    // the first four bytes are not yet a header
    writeByteByByte(ch, alloc, java.util.Arrays.copyOf(header, 4));
    // the fifth byte completes the header: rejected before any body byte arrives
    PgProtocolException e = expectProtocolError(() -> ch.writeInbound(alloc.wrap(new byte[] {header[4]})));
    assertThat(e.getMessage()).contains(Integer.toString(length));
    assertThat(alloc.largestCapacity()).as("nothing beyond the header buffered").isLessThanOrEqualTo(64);
    // whatever the peer sends afterwards is not buffered either, and does not fail again
    for (int i = 0; i < 16; i++) {
      ch.writeInbound(alloc.wrap(new byte[4096]));
    }
    assertThat(drainInbound(ch)).isEmpty();
    assertThat(alloc.largestCapacity()).as("nothing buffered after the failure").isLessThanOrEqualTo(4096);
    assertThat(ch.finish()).isFalse();
    return e;
  }

  @Test
  void rejectionInTheMiddleOfAStreamKeepsTheFramesBefore() {
    EmbeddedChannel ch = channel(alloc, new PgFrameDecoder(1024));
    byte[] bad = hex("51 00 00 00 02 41 42");
    assertThat(expectProtocolError(() -> ch.writeInbound(alloc.wrap(concat(QUERY, bad, SYNC))))).isNotNull();
    List<Object> frames = drainInbound(ch);
    try {
      assertThat(frames).hasSize(1);
      assertThat(((PgFrame) frames.get(0)).type()).isEqualTo((byte) 'Q');
    } finally {
      releaseAll(frames);
    }
    assertThat(ch.finish()).isFalse();
  }

  @Test
  void lengthEqualToTheLimitIsAccepted() {
    EmbeddedChannel ch = channel(alloc, new PgFrameDecoder(13));
    write(ch, alloc, QUERY);
    PgFrame f = ch.readInbound();
    assertThat(f.type()).isEqualTo((byte) 'Q');
    f.release();
    assertThat(ch.finish()).isFalse();
  }

  @Test
  void setMaxMessageLengthRaisesAndLowersTheLimit() {
    PgFrameDecoder decoder = new PgFrameDecoder(8);
    EmbeddedChannel ch = channel(alloc, decoder);
    write(ch, alloc, SYNC);
    PgFrame sync = ch.readInbound();
    sync.release();
    // QUERY (length 13) would be too long for 8: raise the limit first
    decoder.setMaxMessageLength(13);
    write(ch, alloc, QUERY);
    PgFrame q = ch.readInbound();
    assertThat(q.type()).isEqualTo((byte) 'Q');
    q.release();
    decoder.setMaxMessageLength(12);
    assertThat(expectProtocolError(() -> ch.writeInbound(alloc.wrap(QUERY))).getMessage()).contains("13").contains("12");
    assertThat(ch.finish()).isFalse();
  }

  @Test
  void limitBelowFourIsInvalid() {
    assertThatThrownBy(() -> new PgFrameDecoder(3)).isInstanceOf(IllegalArgumentException.class);
    PgFrameDecoder d = new PgFrameDecoder(4);
    assertThatThrownBy(() -> d.setMaxMessageLength(-1)).isInstanceOf(IllegalArgumentException.class);
    EmbeddedChannel ch = channel(alloc, d);
    write(ch, alloc, SYNC);
    PgFrame f = ch.readInbound();
    f.release();
    assertThat(ch.finish()).isFalse();
  }

  @Test
  void replaceKeepsTheFrameType() {
    ByteBuf content = alloc.wrap(SYNC);
    PgFrame f = new PgFrame(content);
    PgFrame copy = (PgFrame) f.copy();
    assertThat(copy.type()).isEqualTo((byte) 'S');
    assertThat(copy.retain()).isSameAs(copy);
    assertThat(copy.touch("hint")).isSameAs(copy);
    copy.release(2);
    f.release();
  }
}
