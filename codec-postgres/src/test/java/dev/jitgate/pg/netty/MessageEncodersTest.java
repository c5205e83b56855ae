package dev.jitgate.pg.netty;

import static dev.jitgate.pg.Wire.concat;
import static dev.jitgate.pg.Wire.hex;
import static dev.jitgate.pg.Wire.wire;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jitgate.pg.Bytes;
import dev.jitgate.pg.ProtocolVersion;
import dev.jitgate.pg.SqlState;
import dev.jitgate.pg.TrackingAllocator;
import dev.jitgate.pg.backend.AuthenticationOk;
import dev.jitgate.pg.backend.BackendKeyData;
import dev.jitgate.pg.backend.ErrorResponse;
import dev.jitgate.pg.backend.ParameterStatus;
import dev.jitgate.pg.backend.ReadyForQuery;
import dev.jitgate.pg.frontend.Query;
import dev.jitgate.pg.frontend.SslRequest;
import dev.jitgate.pg.frontend.StartupMessage;
import dev.jitgate.pg.frontend.Terminate;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MessageEncodersTest {

  private final TrackingAllocator alloc = new TrackingAllocator();

  @AfterEach
  void allBuffersReleased() {
    alloc.assertAllReleased();
  }

  private static byte[] drainOutbound(EmbeddedChannel ch) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Object m; (m = ch.readOutbound()) != null; ) {
      ByteBuf b = (ByteBuf) m;
      out.writeBytes(ByteBufUtil.getBytes(b));
      b.release();
    }
    return out.toByteArray();
  }

  private EmbeddedChannel channel(io.netty.channel.ChannelHandler h) {
    return Channels.channel(alloc, h);
  }

  @Test
  void backendEncoderWritesTheHandshakeTail() {
    EmbeddedChannel ch = channel(new BackendMessageEncoder());
    assertThat(
            ch.writeOutbound(
                AuthenticationOk.INSTANCE,
                new BackendKeyData(12345, Bytes.of(hex("deadbeef"))),
                new ParameterStatus("client_encoding", "UTF8"),
                ReadyForQuery.IDLE))
        .isTrue();
    byte[] expected =
        concat(
            hex("52 00 00 00 08 00 00 00 00"),
            hex("4b 00 00 00 0c 00 00 30 39 de ad be ef"),
            wire().type('S').i32(25).cstr("client_encoding").cstr("UTF8").build(),
            hex("5a 00 00 00 05 49"));
    assertThat(drainOutbound(ch)).isEqualTo(expected);
    assertThat(ch.finish()).isFalse();
  }

  @Test
  void backendEncoderWritesErrors() {
    EmbeddedChannel ch = channel(new BackendMessageEncoder());
    ch.writeOutbound(ErrorResponse.fatal(SqlState.PROTOCOL_VIOLATION, "x"));
    // 4 + S"FATAL\0"(7) + V"FATAL\0"(7) + C"08P01\0"(7) + M"x\0"(3) + 0 = 29
    assertThat(drainOutbound(ch))
        .isEqualTo(hex("45 00 00 00 1d 53 46 41 54 41 4c 00 56 46 41 54 41 4c 00 43 30 38 50 30 31 00 4d 78 00 00"));
    assertThat(ch.finish()).isFalse();
  }

  @Test
  void frontendEncoderWritesStartupAndMessages() {
    EmbeddedChannel ch = channel(new FrontendMessageEncoder());
    ch.writeOutbound(
        SslRequest.INSTANCE,
        StartupMessage.of(ProtocolVersion.V3_0, Map.of("user", "u")),
        new Query("SELECT 1"),
        Terminate.INSTANCE);
    byte[] expected =
        concat(
            hex("00 00 00 08 04 d2 16 2f"),
            // 4 + 4 + "user\0"(5) + "u\0"(2) + 1 = 16
            hex("00 00 00 10 00 03 00 00 75 73 65 72 00 75 00 00"),
            hex("51 00 00 00 0d 53 45 4c 45 43 54 20 31 00"),
            hex("58 00 00 00 04"));
    assertThat(drainOutbound(ch)).isEqualTo(expected);
    assertThat(ch.finish()).isFalse();
  }

  @Test
  void otherObjectsPassThrough() {
    EmbeddedChannel ch = channel(new BackendMessageEncoder());
    ByteBuf raw = alloc.wrap(hex("01 02"));
    ch.writeOutbound(raw, "not a message");
    ByteBuf out = ch.readOutbound();
    assertThat(out).isSameAs(raw);
    out.release();
    assertThat((Object) ch.readOutbound()).isEqualTo("not a message");
    EmbeddedChannel fe = channel(new FrontendMessageEncoder());
    fe.writeOutbound(ReadyForQuery.IDLE);
    assertThat((Object) fe.readOutbound()).as("a backend message is not a frontend message").isEqualTo(ReadyForQuery.IDLE);
    assertThat(ch.finish()).isFalse();
    assertThat(fe.finish()).isFalse();
  }

  @Test
  void encodersAreSharable() {
    BackendMessageEncoder shared = new BackendMessageEncoder();
    EmbeddedChannel a = channel(shared);
    EmbeddedChannel b = channel(shared);
    a.writeOutbound(ReadyForQuery.IDLE);
    b.writeOutbound(new ReadyForQuery(ReadyForQuery.TransactionStatus.FAILED));
    assertThat(drainOutbound(a)).isEqualTo(hex("5a 00 00 00 05 49"));
    assertThat(drainOutbound(b)).isEqualTo(hex("5a 00 00 00 05 45"));
    assertThat(a.finish()).isFalse();
    assertThat(b.finish()).isFalse();
  }
}
