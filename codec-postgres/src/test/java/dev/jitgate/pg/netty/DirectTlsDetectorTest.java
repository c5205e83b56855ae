package dev.jitgate.pg.netty;

import static dev.jitgate.pg.Wire.hex;
import static dev.jitgate.pg.netty.Channels.channel;
import static dev.jitgate.pg.netty.Channels.drainBytes;
import static dev.jitgate.pg.netty.Channels.write;
import static dev.jitgate.pg.netty.Channels.writeByteByByte;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jitgate.pg.TrackingAllocator;
import dev.jitgate.pg.frontend.SslRequest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DirectTlsDetectorTest {

  // A TLS record header (handshake, TLS 1.0 record version, length 5) and the start of a ClientHello.
  static final byte[] CLIENT_HELLO = hex("16 03 01 00 05 01 00 00 01 00");
  static final byte[] SSL_REQUEST = hex("00 00 00 08 04 d2 16 2f");

  private final TrackingAllocator alloc = new TrackingAllocator();

  @AfterEach
  void allBuffersReleased() {
    alloc.assertAllReleased();
  }

  /** Stands in for the SslHandler: records the bytes it receives and releases them. */
  static final class RecordingHandler extends ChannelInboundHandlerAdapter {
    final ByteArrayOutputStream received = new ByteArrayOutputStream();

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ByteBuf buf = (ByteBuf) msg;
      received.writeBytes(ByteBufUtil.getBytes(buf));
      buf.release();
    }
  }

  @Test
  void tlsHandshakeByteReplacesTheDetectorWithTheTlsHandler() {
    RecordingHandler tls = new RecordingHandler();
    AtomicInteger made = new AtomicInteger();
    EmbeddedChannel ch =
        channel(alloc, new DirectTlsDetector(ctx -> { made.incrementAndGet(); return tls; }), new StartupDecoder(10_000));
    write(ch, alloc, CLIENT_HELLO);
    assertThat(made).hasValue(1);
    assertThat(ch.pipeline().get(DirectTlsDetector.class)).isNull();
    assertThat(ch.pipeline().get("tls")).isSameAs(tls);
    assertThat(tls.received.toByteArray()).as("buffered bytes handed to the TLS handler").isEqualTo(CLIENT_HELLO);
    assertThat(ch.finish()).isFalse();
  }

  @Test
  void tlsHandshakeByteAtATime() {
    RecordingHandler tls = new RecordingHandler();
    EmbeddedChannel ch = channel(alloc, new DirectTlsDetector(ctx -> tls));
    writeByteByByte(ch, alloc, CLIENT_HELLO);
    assertThat(ch.pipeline().get(DirectTlsDetector.class)).isNull();
    assertThat(tls.received.toByteArray()).isEqualTo(CLIENT_HELLO);
    assertThat(ch.finish()).isFalse();
  }

  @Test
  void otherFirstByteRemovesTheDetectorAndForwardsTheBytes() {
    AtomicInteger made = new AtomicInteger();
    EmbeddedChannel ch = channel(alloc, new DirectTlsDetector(ctx -> { made.incrementAndGet(); return new RecordingHandler(); }));
    write(ch, alloc, SSL_REQUEST);
    assertThat(made).as("no TLS handler made").hasValue(0);
    assertThat(ch.pipeline().get(DirectTlsDetector.class)).isNull();
    assertThat(ch.pipeline().get("tls")).isNull();
    assertThat(drainBytes(ch)).isEqualTo(SSL_REQUEST);
    assertThat(ch.finish()).isFalse();
  }

  @Test
  void otherFirstByteFeedsTheStartupDecoder() {
    EmbeddedChannel ch = channel(alloc, new DirectTlsDetector(ctx -> new RecordingHandler()), new StartupDecoder(10_000));
    writeByteByByte(ch, alloc, SSL_REQUEST);
    assertThat((Object) ch.readInbound()).isEqualTo(SslRequest.INSTANCE);
    assertThat(ch.pipeline().get(DirectTlsDetector.class)).isNull();
    assertThat(ch.finish()).isFalse();
  }

  @Test
  void factoryReturningNullRefusesDirectTls() {
    EmbeddedChannel ch = channel(alloc, new DirectTlsDetector(ctx -> null));
    write(ch, alloc, CLIENT_HELLO);
    assertThat(ch.pipeline().get(DirectTlsDetector.class)).isNull();
    assertThat(drainBytes(ch)).as("bytes go on to the next handler").isEqualTo(CLIENT_HELLO);
    assertThat(ch.finish()).isFalse();
  }

  @Test
  void emptyReadDecidesNothing() {
    EmbeddedChannel ch = channel(alloc, new DirectTlsDetector(ctx -> new RecordingHandler()));
    ch.writeInbound(alloc.heapBuffer(0));
    assertThat(ch.pipeline().get(DirectTlsDetector.class)).isNotNull();
    write(ch, alloc, SSL_REQUEST);
    assertThat(ch.pipeline().get(DirectTlsDetector.class)).isNull();
    assertThat(drainBytes(ch)).isEqualTo(SSL_REQUEST);
    assertThat(ch.finish()).isFalse();
  }
}
