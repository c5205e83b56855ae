package dev.jitgate.pg;

import static dev.jitgate.pg.PgGenerators.authKindOf;
import static dev.jitgate.pg.PgGenerators.encode;
import static dev.jitgate.pg.RandomCases.forAll;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jitgate.pg.backend.BackendMessage;
import dev.jitgate.pg.backend.BackendMessages;
import dev.jitgate.pg.backend.DataRow;
import dev.jitgate.pg.frontend.Bind;
import dev.jitgate.pg.frontend.FrontendMessage;
import dev.jitgate.pg.frontend.FrontendMessages;
import dev.jitgate.pg.frontend.FunctionCall;
import dev.jitgate.pg.frontend.StartupPacket;
import dev.jitgate.pg.netty.BackendMessageEncoder;
import dev.jitgate.pg.netty.FrontendMessageEncoder;
import dev.jitgate.pg.netty.PgFrame;
import dev.jitgate.pg.netty.PgFrameDecoder;
import dev.jitgate.pg.netty.StartupDecoder;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** encode → decode gives back the record, directly and through the Netty encoders and frame decoders. */
class RoundTripProperties {

  @BeforeAll
  static void paranoidLeakDetection() {
    LeakReports.install();
  }

  @AfterAll
  static void noLeaksReported() throws InterruptedException {
    LeakReports.assertNoLeaksReported();
  }

  static int lengthWord(byte[] b, int at) {
    return ((b[at] & 0xFF) << 24) | ((b[at + 1] & 0xFF) << 16) | ((b[at + 2] & 0xFF) << 8) | (b[at + 3] & 0xFF);
  }

  /** Records holding lists of arrays compare those by identity, so compare them field by field. */
  static void assertSameMessage(Object decoded, Object original) {
    if (original instanceof Bind || original instanceof FunctionCall || original instanceof DataRow) {
      assertThat(decoded).usingRecursiveComparison().isEqualTo(original);
    } else {
      assertThat(decoded).isEqualTo(original);
      assertThat(decoded.hashCode()).isEqualTo(original.hashCode());
    }
  }

  @Test
  void frontendMessageRoundTrip() {
    forAll(1000, r -> frontendMessageRoundTrip(PgGenerators.frontendMessage(r)));
  }

  private static void frontendMessageRoundTrip(FrontendMessage m) {
    TrackingAllocator alloc = new TrackingAllocator();
    byte[] wire = encode(m);
    assertThat(lengthWord(wire, 1)).as("length word").isEqualTo(wire.length - 1);
    ByteBuf body = alloc.wrap(java.util.Arrays.copyOfRange(wire, 5, wire.length));
    FrontendMessage decoded;
    try {
      decoded = FrontendMessages.decode(wire[0], body, authKindOf(m));
      assertThat(body.isReadable()).isFalse();
    } finally {
      body.release();
    }
    assertSameMessage(decoded, m);
    assertThat(encode(decoded)).as("re-encoded").isEqualTo(wire);
    alloc.assertAllReleased();
  }

  @Test
  void backendMessageRoundTrip() {
    forAll(1000, r -> backendMessageRoundTrip(PgGenerators.backendMessage(r)));
  }

  private static void backendMessageRoundTrip(BackendMessage m) {
    TrackingAllocator alloc = new TrackingAllocator();
    byte[] wire = encode(m);
    assertThat(lengthWord(wire, 1)).as("length word").isEqualTo(wire.length - 1);
    ByteBuf body = alloc.wrap(java.util.Arrays.copyOfRange(wire, 5, wire.length));
    BackendMessage decoded;
    try {
      decoded = BackendMessages.decode(wire[0], body);
      assertThat(body.isReadable()).isFalse();
    } finally {
      body.release();
    }
    assertSameMessage(decoded, m);
    assertThat(encode(decoded)).as("re-encoded").isEqualTo(wire);
    alloc.assertAllReleased();
  }

  @Test
  void startupPacketRoundTrip() {
    forAll(500, r -> startupPacketRoundTrip(PgGenerators.startupPacket(r)));
  }

  private static void startupPacketRoundTrip(StartupPacket p) {
    TrackingAllocator alloc = new TrackingAllocator();
    byte[] wire = encode(p);
    assertThat(lengthWord(wire, 0)).as("length word").isEqualTo(wire.length);
    ByteBuf payload = alloc.wrap(java.util.Arrays.copyOfRange(wire, 4, wire.length));
    try {
      StartupPacket decoded = FrontendMessages.decodeStartupPacket(payload);
      assertSameMessage(decoded, p);
      assertThat(encode(decoded)).isEqualTo(wire);
    } finally {
      payload.release();
    }
    alloc.assertAllReleased();
  }

  /** Client side encodes with FrontendMessageEncoder, proxy side frames with Startup/PgFrameDecoder. */
  @Test
  void frontendRoundTripThroughThePipeline() {
    forAll(
        500,
        r ->
            frontendRoundTripThroughThePipeline(
                PgGenerators.startupPacket(r), RandomCases.listOf(r, 0, 5, PgGenerators::frontendMessage)));
  }

  private static void frontendRoundTripThroughThePipeline(StartupPacket first, List<FrontendMessage> messages) {
    TrackingAllocator alloc = new TrackingAllocator();
    EmbeddedChannel client = new EmbeddedChannel(new FrontendMessageEncoder());
    client.config().setAllocator(alloc);
    EmbeddedChannel server = new EmbeddedChannel(new StartupDecoder(PgCodecConfig.POSTGRES_MAX_STARTUP_PACKET_LENGTH), new PgFrameDecoder(1 << 20));
    server.config().setAllocator(alloc);

    // after SSLRequest/GSSENCRequest the client must wait for the answer: send nothing else
    boolean endsStartup =
        !(first instanceof dev.jitgate.pg.frontend.SslRequest || first instanceof dev.jitgate.pg.frontend.GssEncRequest);
    client.writeOutbound(first);
    if (endsStartup) {
      messages.forEach(client::writeOutbound);
    }
    for (Object out; (out = client.readOutbound()) != null; ) {
      server.writeInbound(out); // ownership passes to the server channel
    }
    assertSameMessage(server.readInbound(), first);
    if (endsStartup) {
      for (FrontendMessage m : messages) {
        PgFrame f = server.readInbound();
        try {
          assertSameMessage(FrontendMessages.decode(f.type(), f.body(), authKindOf(m)), m);
        } finally {
          f.release();
        }
      }
    }
    List<Object> rest = new ArrayList<>();
    for (Object o; (o = server.readInbound()) != null; ) {
      rest.add(o);
    }
    rest.forEach(io.netty.util.ReferenceCountUtil::release);
    assertThat(rest).isEmpty();
    assertThat(client.finish()).isFalse();
    assertThat(server.finish()).isFalse();
    alloc.assertAllReleased();
  }

  @Test
  void backendRoundTripThroughThePipeline() {
    forAll(500, r -> backendRoundTripThroughThePipeline(RandomCases.listOf(r, 1, 6, PgGenerators::backendMessage)));
  }

  private static void backendRoundTripThroughThePipeline(List<BackendMessage> messages) {
    TrackingAllocator alloc = new TrackingAllocator();
    EmbeddedChannel server = new EmbeddedChannel(new BackendMessageEncoder());
    server.config().setAllocator(alloc);
    EmbeddedChannel client = new EmbeddedChannel(new PgFrameDecoder(1 << 20));
    client.config().setAllocator(alloc);
    server.writeOutbound(messages.toArray());
    for (Object out; (out = server.readOutbound()) != null; ) {
      client.writeInbound(out);
    }
    for (BackendMessage m : messages) {
      PgFrame f = client.readInbound();
      try {
        assertSameMessage(BackendMessages.decode(f.type(), f.body()), m);
      } finally {
        f.release();
      }
    }
    assertThat(server.finish()).isFalse();
    assertThat(client.finish()).isFalse();
    alloc.assertAllReleased();
  }
}
