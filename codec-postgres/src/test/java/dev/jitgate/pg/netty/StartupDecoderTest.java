package dev.jitgate.pg.netty;

import static dev.jitgate.pg.Wire.concat;
import static dev.jitgate.pg.Wire.hex;
import static dev.jitgate.pg.Wire.wire;
import static dev.jitgate.pg.netty.Channels.channel;
import static dev.jitgate.pg.netty.Channels.drainBytes;
import static dev.jitgate.pg.netty.Channels.drainInbound;
import static dev.jitgate.pg.netty.Channels.expectProtocolError;
import static dev.jitgate.pg.netty.Channels.releaseAll;
import static dev.jitgate.pg.netty.Channels.write;
import static dev.jitgate.pg.netty.Channels.writeByteByByte;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jitgate.pg.Bytes;
import dev.jitgate.pg.PgCodecConfig;
import dev.jitgate.pg.PgProtocolException;
import dev.jitgate.pg.ProtocolVersion;
import dev.jitgate.pg.SqlState;
import dev.jitgate.pg.TrackingAllocator;
import dev.jitgate.pg.frontend.CancelRequest;
import dev.jitgate.pg.frontend.GssEncRequest;
import dev.jitgate.pg.frontend.SslRequest;
import dev.jitgate.pg.frontend.StartupMessage;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StartupDecoderTest {

  // 4 + 4 + "user\0"(5) + "alice\0"(6) + "database\0"(9) + "db\0"(3) + 1 = 32
  static final byte[] STARTUP =
      wire().i32(32).hexBytes("00 03 00 00").cstr("user").cstr("alice").cstr("database").cstr("db").i8(0).build();
  static final byte[] SSL_REQUEST = hex("00 00 00 08 04 d2 16 2f");
  static final byte[] GSSENC_REQUEST = hex("00 00 00 08 04 d2 16 30");
  static final byte[] CANCEL = hex("00 00 00 10 04 d2 16 2e 00 00 30 39 de ad be ef");
  static final byte[] QUERY = hex("51 00 00 00 0d 53 45 4c 45 43 54 20 31 00");

  private final TrackingAllocator alloc = new TrackingAllocator();

  @AfterEach
  void allBuffersReleased() {
    alloc.assertAllReleased();
  }

  private EmbeddedChannel startupChannel() {
    return channel(alloc, new StartupDecoder(PgCodecConfig.POSTGRES_MAX_STARTUP_PACKET_LENGTH));
  }

  static StartupMessage expectedStartup() {
    LinkedHashMap<String, String> p = new LinkedHashMap<>();
    p.put("user", "alice");
    p.put("database", "db");
    return new StartupMessage(ProtocolVersion.V3_0, p);
  }

  @Test
  void startupMessageByteAtATime() {
    EmbeddedChannel ch = startupChannel();
    for (int i = 0; i < STARTUP.length - 1; i++) {
      ch.writeInbound(alloc.wrap(new byte[] {STARTUP[i]}));
      assertThat((Object) ch.readInbound()).as("nothing before the last byte").isNull();
    }
    ch.writeInbound(alloc.wrap(new byte[] {STARTUP[STARTUP.length - 1]}));
    assertThat((Object) ch.readInbound()).isEqualTo(expectedStartup());
    assertThat(ch.pipeline().get(StartupDecoder.class)).as("removed itself").isNull();
    assertThat(ch.finish()).isFalse();
  }

  @Test
  void sslRequestThenStartupMessageSeparately() {
    EmbeddedChannel ch = startupChannel();
    writeByteByByte(ch, alloc, SSL_REQUEST);
    assertThat((Object) ch.readInbound()).isEqualTo(SslRequest.INSTANCE);
    assertThat(ch.pipeline().get(StartupDecoder.class)).as("still waiting for the StartupMessage").isNotNull();
    // (here the server answers 'S' and a TLS handler goes in front of the decoder)
    write(ch, alloc, STARTUP);
    assertThat((Object) ch.readInbound()).isEqualTo(expectedStartup());
    assertThat(ch.pipeline().get(StartupDecoder.class)).isNull();
    assertThat(ch.finish()).isFalse();
  }

  @Test
  void gssEncRequestThenSslRequestThenStartupMessage() {
    EmbeddedChannel ch = startupChannel();
    write(ch, alloc, GSSENC_REQUEST);
    assertThat((Object) ch.readInbound()).isEqualTo(GssEncRequest.INSTANCE);
    write(ch, alloc, SSL_REQUEST);
    assertThat((Object) ch.readInbound()).isEqualTo(SslRequest.INSTANCE);
    writeByteByByte(ch, alloc, STARTUP);
    assertThat((Object) ch.readInbound()).isEqualTo(expectedStartup());
    assertThat(ch.finish()).isFalse();
  }

  @Test
  void bytesAfterStartupMessageGoToTheNextHandler() {
    EmbeddedChannel ch = startupChannel();
    write(ch, alloc, concat(STARTUP, QUERY, hex("53 00")));
    assertThat((Object) ch.readInbound()).isEqualTo(expectedStartup());
    assertThat(ch.pipeline().get(StartupDecoder.class)).isNull();
    assertThat(drainBytes(ch)).as("forwarded untouched").isEqualTo(concat(QUERY, hex("53 00")));
    assertThat(ch.finish()).isFalse();
  }

  @Test
  void bytesAfterStartupMessageReachTheFrameDecoder() {
    EmbeddedChannel ch =
        channel(alloc, new StartupDecoder(PgCodecConfig.POSTGRES_MAX_STARTUP_PACKET_LENGTH), new PgFrameDecoder(8192));
    write(ch, alloc, concat(STARTUP, QUERY, hex("53 00 00")));
    assertThat((Object) ch.readInbound()).isEqualTo(expectedStartup());
    PgFrame q = ch.readInbound();
    assertThat(q.type()).isEqualTo((byte) 'Q');
    q.release();
    assertThat((Object) ch.readInbound()).isNull();
    // the rest of the Sync arrives later
    write(ch, alloc, hex("00 04"));
    PgFrame s = ch.readInbound();
    assertThat(s.type()).isEqualTo((byte) 'S');
    s.release();
    assertThat(ch.finish()).isFalse();
  }

  @Test
  void cancelRequestEndsTheStartupPhase() {
    EmbeddedChannel ch = startupChannel();
    write(ch, alloc, concat(CANCEL, hex("01 02")));
    assertThat((Object) ch.readInbound()).isEqualTo(new CancelRequest(12345, Bytes.of(hex("deadbeef"))));
    assertThat(ch.pipeline().get(StartupDecoder.class)).isNull();
    assertThat(drainBytes(ch)).isEqualTo(hex("01 02"));
    assertThat(ch.finish()).isFalse();
  }

  @Test
  void cancelRequestWith32ByteKeyByteAtATime() {
    byte[] key = new byte[32];
    java.util.Arrays.fill(key, (byte) 0x5A);
    // 4 + 4 + 4 + 32 = 44
    byte[] cancel = wire().i32(44).hexBytes("04 d2 16 2e 00 00 00 2a").bytes(key).build();
    EmbeddedChannel ch = startupChannel();
    writeByteByByte(ch, alloc, cancel);
    assertThat((Object) ch.readInbound()).isEqualTo(new CancelRequest(42, Bytes.of(key)));
    assertThat(ch.finish()).isFalse();
  }

  @Test
  void startupMessageOfExactlyTheLimitIsAccepted() {
    // 4 + 4 + "user\0"(5) + value + NUL + terminator = 10000 -> value of 9985 bytes
    String user = "u".repeat(9985);
    byte[] packet = wire().i32(10_000).hexBytes("00 03 00 00").cstr("user").cstr(user).i8(0).build();
    assertThat(packet).hasSize(10_000);
    EmbeddedChannel ch = startupChannel();
    write(ch, alloc, packet);
    StartupMessage m = ch.readInbound();
    assertThat(m.user()).isEqualTo(user);
    assertThat(ch.finish()).isFalse();
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 3, 4, 7, 10_001, 0x7FFF_FFFF, -1, -8, Integer.MIN_VALUE})
  void invalidLengthIsRejectedAtTheLengthWord(int length) {
    EmbeddedChannel ch = startupChannel();
    byte[] word = {(byte) (length >>> 24), (byte) (length >>> 16), (byte) (length >>> 8), (byte) length};
    writeByteByByte(ch, alloc, java.util.Arrays.copyOf(word, 3));
    PgProtocolException e = expectProtocolError(() -> ch.writeInbound(alloc.wrap(new byte[] {word[3]})));
    assertThat(e.sqlState()).isEqualTo(SqlState.PROTOCOL_VIOLATION);
    assertThat(alloc.largestCapacity()).as("nothing beyond the length word buffered").isLessThanOrEqualTo(64);
    // further input is dropped, not buffered, and does not fail again
    for (int i = 0; i < 8; i++) {
      ch.writeInbound(alloc.wrap(new byte[4096]));
    }
    assertThat(drainInbound(ch)).isEmpty();
    assertThat(ch.finish()).isFalse();
  }

  @Test
  void bytesPipelinedAfterSslRequestAreRejected() {
    // CVE-2021-23214: bytes sent before the TLS handshake must not be read as if they came through TLS
    EmbeddedChannel ch = startupChannel();
    PgProtocolException e = expectProtocolError(() -> ch.writeInbound(alloc.wrap(concat(SSL_REQUEST, STARTUP))));
    assertThat(e.getMessage()).contains("SSLRequest");
    List<Object> leftovers = drainInbound(ch);
    assertThat(leftovers).as("no packet decoded from the injected bytes").noneMatch(StartupMessage.class::isInstance);
    releaseAll(leftovers);
    assertThat(ch.finish()).isFalse();
  }

  @Test
  void oneBytePipelinedAfterSslRequestIsRejected() {
    EmbeddedChannel ch = startupChannel();
    writeByteByByte(ch, alloc, java.util.Arrays.copyOf(SSL_REQUEST, 7));
    PgProtocolException e = expectProtocolError(() -> ch.writeInbound(alloc.wrap(hex("2f 00"))));
    assertThat(e.sqlState()).isEqualTo(SqlState.PROTOCOL_VIOLATION);
    releaseAll(drainInbound(ch));
    assertThat(ch.finish()).isFalse();
  }

  @Test
  void bytesPipelinedAfterGssEncRequestAreRejected() {
    EmbeddedChannel ch = startupChannel();
    PgProtocolException e = expectProtocolError(() -> ch.writeInbound(alloc.wrap(concat(GSSENC_REQUEST, STARTUP))));
    assertThat(e.getMessage()).contains("GSSENCRequest");
    releaseAll(drainInbound(ch));
    assertThat(ch.finish()).isFalse();
  }

  @Test
  void protocolMajorVersion2IsNotSupported() {
    // 4 + version 2.0 + "user\0"(5) + "x\0"(2) + 1 = 16
    byte[] v2 = wire().i32(16).hexBytes("00 02 00 00").cstr("user").cstr("x").i8(0).build();
    EmbeddedChannel ch = startupChannel();
    PgProtocolException e = expectProtocolError(() -> ch.writeInbound(alloc.wrap(v2)));
    assertThat(e.sqlState()).isEqualTo(SqlState.FEATURE_NOT_SUPPORTED);
    assertThat(e.sqlState().code()).isEqualTo("0A000");
    assertThat(ch.finish()).isFalse();
  }

  @Test
  void unknownRequestCodeIsNotSupported() {
    // 1234.5681 is no request PostgreSQL knows: major version 1234
    EmbeddedChannel ch = startupChannel();
    PgProtocolException e = expectProtocolError(() -> ch.writeInbound(alloc.wrap(hex("00 00 00 08 04 d2 16 31"))));
    assertThat(e.sqlState()).isEqualTo(SqlState.FEATURE_NOT_SUPPORTED);
    assertThat(ch.finish()).isFalse();
  }

  @Test
  void duplicateParameterIsRejected() {
    // 4 + 4 + "user\0"(5) + "a\0"(2) + "user\0"(5) + "b\0"(2) + 1 = 23
    byte[] dup = wire().i32(23).hexBytes("00 03 00 00").cstr("user").cstr("a").cstr("user").cstr("b").i8(0).build();
    EmbeddedChannel ch = startupChannel();
    PgProtocolException e = expectProtocolError(() -> writeByteByByte(ch, alloc, dup));
    assertThat(e.sqlState()).isEqualTo(SqlState.PROTOCOL_VIOLATION);
    assertThat(e.getMessage()).contains("user");
    assertThat(ch.pipeline().get(StartupDecoder.class)).isNotNull();
    assertThat(ch.finish()).isFalse();
  }

  @Test
  void malformedPayloadsAreRejected() {
    for (byte[] bad :
        List.of(
            hex("00 00 00 09 04 d2 16 2f 00"), // SSLRequest with an extra byte
            hex("00 00 00 0c 04 d2 16 2e 00 00 00 01"), // CancelRequest without key
            hex("00 00 00 08 00 03 00 00"), // StartupMessage without terminator
            hex("00 00 00 0a 00 03 00 00 61 62"))) { // parameter name without NUL
      TrackingAllocator a = new TrackingAllocator();
      EmbeddedChannel ch = channel(a, new StartupDecoder(10_000));
      expectProtocolError(() -> ch.writeInbound(a.wrap(bad)));
      assertThat(ch.finish()).isFalse();
      a.assertAllReleased();
    }
  }

  @Test
  void parametersKeepTheirOrder() {
    // 4 + 4 + "b\0"(2) + "1\0"(2) + "a\0"(2) + "2\0"(2) + 1 = 17
    byte[] packet = wire().i32(17).hexBytes("00 03 00 02").cstr("b").cstr("1").cstr("a").cstr("2").i8(0).build();
    EmbeddedChannel ch = startupChannel();
    write(ch, alloc, packet);
    StartupMessage m = ch.readInbound();
    assertThat(m.version()).isEqualTo(ProtocolVersion.V3_2);
    assertThat(m.parameters().entrySet()).containsExactly(Map.entry("b", "1"), Map.entry("a", "2"));
    assertThat(ch.finish()).isFalse();
  }
}
