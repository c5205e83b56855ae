package dev.jitgate.pg.netty;

import static dev.jitgate.pg.RandomCases.forAll;
import static dev.jitgate.pg.netty.Channels.protocolError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jitgate.pg.LeakReports;
import dev.jitgate.pg.MessageStreamScanner;
import dev.jitgate.pg.PgGenerators;
import dev.jitgate.pg.PgProtocolException;
import dev.jitgate.pg.RandomCases;
import dev.jitgate.pg.TrackingAllocator;
import dev.jitgate.pg.backend.BackendMessages;
import dev.jitgate.pg.frontend.AuthenticationResponseKind;
import dev.jitgate.pg.frontend.FrontendMessages;
import dev.jitgate.pg.frontend.StartupPacket;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Hostile input: random bytes and mutated valid messages (bytes flipped, inserted, deleted) fed to
 * every decoder. Nothing but {@link PgProtocolException} may come out (wrapped in a DecoderException
 * in pipelines), and every buffer is released: each try checks refCnt()==0 on every buffer its
 * allocator handed out, and paranoid leak detection runs over the whole class.
 */
class CodecFuzzProperties {

  private static final int FRAME_LIMIT = 4096;
  private static final int STARTUP_LIMIT = 10_000;
  private static final int INSPECTED = 16;

  @BeforeAll
  static void paranoidLeakDetection() {
    LeakReports.install();
  }

  @AfterAll
  static void noLeaksReported() throws InterruptedException {
    LeakReports.assertNoLeaksReported();
  }

  // ---------------------------------------------------------------- inputs

  /** Random bytes up to 64 or 400 long, or a plausible header (a type, a small length word) with garbage. */
  private static byte[] randomBytes(RandomGenerator r) {
    return switch (r.nextInt(3)) {
      case 0 -> PgGenerators.bytes(r, 64);
      case 1 -> PgGenerators.bytes(r, 400);
      default ->
          dev.jitgate.pg.Wire.wire()
              .i8(RandomCases.anyByte(r))
              .i32(RandomCases.intBetween(r, -8, 80))
              .bytes(PgGenerators.bytes(r, 80))
              .build();
    };
  }

  /** 1 to 4 encoded frontend or backend messages with 1 to 4 mutations. */
  private static byte[] mutatedTypedStreams(RandomGenerator r) {
    return RandomCases.mutated(r, r.nextBoolean() ? PgGenerators.frontendStream(r) : PgGenerators.backendStream(r));
  }

  /** A connection opening with 1 to 4 mutations. */
  private static byte[] mutatedOpenings(RandomGenerator r) {
    return RandomCases.mutated(r, PgGenerators.connectionOpening(r));
  }

  private static List<Integer> chunks(RandomGenerator r) {
    return PgGenerators.chunkSizes(r);
  }

  private static byte frontendTypes(RandomGenerator r) {
    return PgGenerators.typeByte(r, PgGenerators.FRONTEND_TYPES);
  }

  private static byte backendTypes(RandomGenerator r) {
    return PgGenerators.typeByte(r, PgGenerators.BACKEND_TYPES);
  }

  /** Bodies of valid messages with edits, or random bytes. */
  private static byte[] bodies(RandomGenerator r) {
    return switch (r.nextInt(3)) {
      case 0 -> PgGenerators.bytes(r, 64);
      case 1 -> validBody(r);
      default -> RandomCases.mutated(r, validBody(r));
    };
  }

  /** A frontend or backend stream without the first message's type and length word. */
  private static byte[] validBody(RandomGenerator r) {
    byte[] b = r.nextBoolean() ? PgGenerators.frontendStream(r) : PgGenerators.backendStream(r);
    return Arrays.copyOfRange(b, 5, b.length); // every typed message is at least 5 bytes
  }

  // ---------------------------------------------------------------- PgFrameDecoder + decode + scanner

  @Test
  void frameDecoderOnRandomBytes() {
    forAll(600, r -> checkFramingAndDecoding(randomBytes(r), chunks(r)));
  }

  @Test
  void frameDecoderOnMutatedMessages() {
    forAll(600, r -> checkFramingAndDecoding(mutatedTypedStreams(r), chunks(r)));
  }

  /**
   * Feeds {@code input} in chunks to a PgFrameDecoder and, in parallel, to a MessageStreamScanner with
   * the same limit. Both must fail (with a protocol error) at the same message or not at all, agree on
   * every message, and every frame must decode to a record or a protocol error.
   */
  private static void checkFramingAndDecoding(byte[] input, List<Integer> chunks) {
    TrackingAllocator alloc = new TrackingAllocator();
    EmbeddedChannel ch = Channels.channel(alloc, new PgFrameDecoder(FRAME_LIMIT));
    record Scanned(byte type, byte[] body, int length) {}
    List<Scanned> scanned = new ArrayList<>();
    byte[] all = new byte[256];
    for (int i = 0; i < 256; i++) {
      all[i] = (byte) i;
    }
    MessageStreamScanner scanner =
        new MessageStreamScanner(FRAME_LIMIT, INSPECTED, all, (t, body, len) -> scanned.add(new Scanned(t, body, len)));
    boolean decoderFailed = false;
    boolean scannerFailed = false;
    List<PgFrame> frames = new ArrayList<>();
    try {
      for (byte[] chunk : PgGenerators.split(input, chunks)) {
        if (!scannerFailed) {
          ByteBuf view = alloc.wrap(chunk);
          try {
            scanner.scan(view);
          } catch (PgProtocolException e) {
            scannerFailed = true;
          } finally {
            view.release();
          }
        }
        try {
          ch.writeInbound(alloc.wrap(chunk));
        } catch (Throwable t) {
          protocolError(t);
          assertThat(decoderFailed).as("the decoder fails once, then drops input").isFalse();
          decoderFailed = true;
        }
        for (Object m; (m = ch.readInbound()) != null; ) {
          frames.add((PgFrame) m);
        }
      }
      assertThat(scannerFailed).as("scanner and decoder agree on failure").isEqualTo(decoderFailed);
      assertThat(frames).as("scanner and decoder agree on message count").hasSize(scanned.size());
      for (int i = 0; i < frames.size(); i++) {
        PgFrame f = frames.get(i);
        byte[] body = ByteBufUtil.getBytes(f.body());
        assertThat(f.type()).isEqualTo(scanned.get(i).type());
        assertThat(scanned.get(i).body()).isEqualTo(Arrays.copyOf(body, Math.min(body.length, INSPECTED)));
        assertThat(scanned.get(i).length()).isEqualTo(body.length);
        decodeEveryWay(f.type(), f);
      }
    } finally {
      frames.forEach(PgFrame::release);
    }
    assertThat(ch.finish()).isFalse();
    alloc.assertAllReleased();
  }

  /** Decodes the frame's body as each direction and each kind of authentication response. */
  private static void decodeEveryWay(byte type, PgFrame frame) {
    int refs = frame.refCnt();
    for (AuthenticationResponseKind kind : AuthenticationResponseKind.values()) {
      onlyProtocolErrors(() -> FrontendMessages.decode(type, frame.body(), kind));
    }
    onlyProtocolErrors(() -> FrontendMessages.decode(type, frame.body(), null));
    onlyProtocolErrors(() -> BackendMessages.decode(type, frame.body()));
    assertThat(frame.refCnt()).as("decoding takes no reference").isEqualTo(refs);
  }

  /** Runs a decode: a record (whose accessors must work) or a protocol error, nothing else. */
  private static void onlyProtocolErrors(java.util.function.Supplier<Object> decode) {
    Object decoded;
    try {
      decoded = decode.get();
    } catch (PgProtocolException expected) {
      assertThat(expected.getMessage()).isNotBlank();
      return;
    }
    assertThat(decoded).isNotNull();
    assertThat(decoded.toString()).isNotNull();
    assertThat(decoded.hashCode()).isEqualTo(decoded.hashCode());
    switch (decoded) {
      case dev.jitgate.pg.frontend.Bind b -> {
        for (int i = 0; i < b.parameterValues().size(); i++) {
          assertThat(b.parameterFormat(i)).isBetween((int) Short.MIN_VALUE, (int) Short.MAX_VALUE);
        }
      }
      case dev.jitgate.pg.frontend.StartupMessage m -> {
        m.user();
        m.database();
      }
      case dev.jitgate.pg.backend.CommandComplete c -> c.rows();
      case dev.jitgate.pg.backend.ErrorResponse e -> {
        e.severity();
        e.sqlState();
        e.message();
      }
      default -> {}
    }
  }

  // ---------------------------------------------------------------- StartupDecoder (+ PgFrameDecoder behind it)

  @Test
  void startupDecoderOnRandomBytes() {
    forAll(600, r -> checkStartup(randomBytes(r), chunks(r)));
  }

  @Test
  void startupDecoderOnMutatedOpenings() {
    forAll(600, r -> checkStartup(mutatedOpenings(r), chunks(r)));
  }

  private static void checkStartup(byte[] input, List<Integer> chunks) {
    TrackingAllocator alloc = new TrackingAllocator();
    EmbeddedChannel ch = Channels.channel(alloc, new StartupDecoder(STARTUP_LIMIT), new PgFrameDecoder(FRAME_LIMIT));
    List<Object> received = new ArrayList<>();
    try {
      for (byte[] chunk : PgGenerators.split(input, chunks)) {
        try {
          ch.writeInbound(alloc.wrap(chunk));
        } catch (Throwable t) {
          protocolError(t);
        }
        for (Object m; (m = ch.readInbound()) != null; ) {
          received.add(m);
        }
      }
      boolean startupEnded = false;
      for (Object m : received) {
        if (m instanceof PgFrame f) {
          assertThat(startupEnded).as("frames only after the startup phase").isTrue();
          decodeEveryWay(f.type(), f);
        } else {
          assertThat(m).isInstanceOf(StartupPacket.class);
          assertThat(startupEnded).as("no startup packet after the startup phase").isFalse();
          startupEnded =
              m instanceof dev.jitgate.pg.frontend.StartupMessage || m instanceof dev.jitgate.pg.frontend.CancelRequest;
        }
      }
      if (startupEnded) {
        assertThat(ch.pipeline().get(StartupDecoder.class)).isNull();
      }
    } finally {
      received.forEach(io.netty.util.ReferenceCountUtil::release);
    }
    assertThat(ch.finish()).isFalse();
    alloc.assertAllReleased();
  }

  // ---------------------------------------------------------------- pure decoders

  @Test
  void frontendDecodeOnlyThrowsProtocolErrors() {
    forAll(1000, r -> frontendDecodeOnlyThrowsProtocolErrors(frontendTypes(r), bodies(r)));
  }

  private static void frontendDecodeOnlyThrowsProtocolErrors(byte type, byte[] body) {
    TrackingAllocator alloc = new TrackingAllocator();
    for (AuthenticationResponseKind kind : AuthenticationResponseKind.values()) {
      ByteBuf buf = alloc.wrap(body);
      try {
        onlyProtocolErrors(() -> FrontendMessages.decode(type, buf, kind));
      } finally {
        buf.release();
      }
    }
    ByteBuf buf = alloc.wrap(body);
    try {
      onlyProtocolErrors(() -> FrontendMessages.decode(type, buf, null));
    } finally {
      buf.release();
    }
    alloc.assertAllReleased();
  }

  @Test
  void backendDecodeOnlyThrowsProtocolErrors() {
    forAll(1000, r -> backendDecodeOnlyThrowsProtocolErrors(backendTypes(r), bodies(r)));
  }

  private static void backendDecodeOnlyThrowsProtocolErrors(byte type, byte[] body) {
    TrackingAllocator alloc = new TrackingAllocator();
    ByteBuf buf = alloc.wrap(body);
    try {
      onlyProtocolErrors(() -> BackendMessages.decode(type, buf));
    } finally {
      buf.release();
    }
    alloc.assertAllReleased();
  }

  @Test
  void startupPacketDecodeOnlyThrowsProtocolErrors() {
    forAll(1000, r -> startupPacketDecodeOnlyThrowsProtocolErrors(mutatedOpenings(r)));
  }

  private static void startupPacketDecodeOnlyThrowsProtocolErrors(byte[] opening) {
    TrackingAllocator alloc = new TrackingAllocator();
    // everything after the (possibly mutated) length word
    ByteBuf buf = alloc.wrap(opening.length < 4 ? opening : Arrays.copyOfRange(opening, 4, opening.length));
    try {
      onlyProtocolErrors(() -> FrontendMessages.decodeStartupPacket(buf));
    } finally {
      buf.release();
    }
    alloc.assertAllReleased();
  }

  @Test
  void scannerOnlyThrowsProtocolErrors() {
    forAll(1000, r -> scannerOnlyThrowsProtocolErrors(randomBytes(r), chunks(r)));
  }

  private static void scannerOnlyThrowsProtocolErrors(byte[] input, List<Integer> chunks) {
    TrackingAllocator alloc = new TrackingAllocator();
    MessageStreamScanner scanner = new MessageStreamScanner(FRAME_LIMIT, INSPECTED, new byte[] {'Q', 'C', 'E'}, (t, b, l) -> {
      assertThat(b.length).isLessThanOrEqualTo(INSPECTED).isLessThanOrEqualTo(l);
    });
    for (byte[] chunk : PgGenerators.split(input, chunks)) {
      ByteBuf buf = alloc.wrap(chunk);
      try {
        scanner.scan(buf);
      } catch (PgProtocolException e) {
        break;
      } finally {
        buf.release();
      }
    }
    alloc.assertAllReleased();
  }
}
