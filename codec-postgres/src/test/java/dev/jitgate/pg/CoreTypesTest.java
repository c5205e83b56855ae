package dev.jitgate.pg;

import static dev.jitgate.pg.Wire.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.CodecException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** PgCodecConfig, SqlState, PgProtocolException, ProtocolVersion and ByteBufText. */
class CoreTypesTest {

  private final TrackingAllocator alloc = new TrackingAllocator();

  @AfterEach
  void allBuffersReleased() {
    alloc.assertAllReleased();
  }

  @Test
  void defaultsMatchPostgres() {
    PgCodecConfig d = PgCodecConfig.DEFAULTS;
    assertThat(d.maxStartupPacketLength()).isEqualTo(10_000);
    assertThat(d.maxFrontendMessageLength()).isEqualTo(0x3FFF_FFFF);
    assertThat(d.maxAuthMessageLength()).isLessThan(d.maxFrontendMessageLength());
  }

  @Test
  void configRejectsOutOfRangeLimits() {
    assertThatThrownBy(() -> new PgCodecConfig(7, 8192, 1 << 20, 1 << 20, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxStartupPacketLength");
    assertThatThrownBy(() -> new PgCodecConfig(10_001, 8192, 1 << 20, 1 << 20, 0))
        .hasMessageContaining("maxStartupPacketLength");
    assertThatThrownBy(() -> new PgCodecConfig(8, 4, 1 << 20, 1 << 20, 0)).hasMessageContaining("maxAuthMessageLength");
    assertThatThrownBy(() -> new PgCodecConfig(8, 5, 0x4000_0000, 1 << 20, 0)).hasMessageContaining("maxFrontendMessageLength");
    assertThatThrownBy(() -> new PgCodecConfig(8, 5, 5, -1, 0)).hasMessageContaining("maxBackendMessageLength");
    assertThatThrownBy(() -> new PgCodecConfig(8, 5, 5, 5, -1)).hasMessageContaining("maxInspectedBytes");
    assertThat(new PgCodecConfig(8, 5, 5, 5, 0).maxInspectedBytes()).isZero();
  }

  @Test
  void sqlStateShape() {
    assertThat(SqlState.PROTOCOL_VIOLATION.code()).isEqualTo("08P01");
    assertThat(SqlState.PROTOCOL_VIOLATION.errorClass()).isEqualTo("08");
    assertThat(SqlState.FEATURE_NOT_SUPPORTED).hasToString("0A000");
    assertThat(new SqlState("42P01")).isEqualTo(new SqlState("42P01"));
    assertThatThrownBy(() -> new SqlState("4201")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new SqlState("42p01")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new SqlState(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void protocolExceptionCarriesItsSqlState() {
    PgProtocolException e = new PgProtocolException("bad");
    assertThat(e).isInstanceOf(CodecException.class).hasMessage("bad");
    assertThat(e.sqlState()).isEqualTo(SqlState.PROTOCOL_VIOLATION);
    assertThat(new PgProtocolException(SqlState.FEATURE_NOT_SUPPORTED, "x").sqlState()).isEqualTo(SqlState.FEATURE_NOT_SUPPORTED);
  }

  @Test
  void protocolVersionCodes() {
    assertThat(ProtocolVersion.V3_0.code()).isEqualTo(0x0003_0000);
    assertThat(ProtocolVersion.V3_2.code()).isEqualTo(0x0003_0002);
    assertThat(ProtocolVersion.fromCode(196610)).isEqualTo(ProtocolVersion.V3_2);
    // the request codes are "versions" 1234.5678 to 1234.5680
    assertThat(ProtocolVersion.fromCode(80877103)).isEqualTo(new ProtocolVersion(1234, 5679));
    assertThat(ProtocolVersion.fromCode(0xFFFF_FFFF)).isEqualTo(new ProtocolVersion(0xFFFF, 0xFFFF));
    assertThat(ProtocolVersion.V3_0).isLessThan(ProtocolVersion.V3_2);
    assertThat(ProtocolVersion.LATEST).isEqualTo(ProtocolVersion.V3_2);
    assertThat(ProtocolVersion.V3_2).hasToString("3.2");
    assertThatThrownBy(() -> new ProtocolVersion(0x10000, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ProtocolVersion(3, -1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void cStrings() {
    ByteBuf buf = alloc.wrap(hex("61 62 00 c3 a9 00 00 78"));
    try {
      assertThat(ByteBufText.readCString(buf)).isEqualTo("ab");
      assertThat(ByteBufText.readCString(buf)).isEqualTo("é");
      assertThat(ByteBufText.readCString(buf)).isEmpty();
      assertThatThrownBy(() -> ByteBufText.readCString(buf)).isExactlyInstanceOf(PgProtocolException.class);
      assertThat(buf.readableBytes()).as("a failed read consumes nothing").isEqualTo(1);
    } finally {
      buf.release();
    }
    ByteBuf out = alloc.heapBuffer();
    try {
      ByteBufText.writeCString(out, "é");
      assertThat(io.netty.buffer.ByteBufUtil.getBytes(out)).isEqualTo(hex("c3 a9 00"));
      assertThatThrownBy(() -> ByteBufText.writeCString(out, "a\0")).isInstanceOf(IllegalArgumentException.class);
    } finally {
      out.release();
    }
  }

  @Test
  void invalidUtf8IsReplacedNotThrown() {
    ByteBuf buf = alloc.wrap(hex("ff fe 00"));
    try {
      assertThat(ByteBufText.readCString(buf)).hasSize(2);
    } finally {
      buf.release();
    }
  }

  @Test
  void boundedReads() {
    ByteBuf buf = alloc.wrap(hex("00 03 01 02 03 04 05 06"));
    try {
      assertThatThrownBy(() -> ByteBufText.readCount(buf, 3)).isExactlyInstanceOf(PgProtocolException.class);
      buf.readerIndex(0);
      assertThat(ByteBufText.readCount(buf, 2)).isEqualTo(3);
      assertThatThrownBy(() -> ByteBufText.readBytes(buf, 7)).isExactlyInstanceOf(PgProtocolException.class);
      assertThatThrownBy(() -> ByteBufText.readBytes(buf, -1)).isExactlyInstanceOf(PgProtocolException.class);
      assertThat(ByteBufText.readBytes(buf, 6)).isEqualTo(hex("01 02 03 04 05 06"));
      assertThatThrownBy(() -> ByteBufText.readCount(buf, 1)).isExactlyInstanceOf(PgProtocolException.class);
      ByteBufText.requireFullyRead(buf, "x");
      assertThatThrownBy(() -> ByteBufText.requireReadable(buf, 1)).isExactlyInstanceOf(PgProtocolException.class);
    } finally {
      buf.release();
    }
    ByteBuf big = alloc.wrap(hex("ff ff 00"));
    try {
      // 65535 * Integer.MAX_VALUE must not overflow into a small number
      assertThatThrownBy(() -> ByteBufText.readCount(big, Integer.MAX_VALUE)).isExactlyInstanceOf(PgProtocolException.class);
    } finally {
      big.release();
    }
    ByteBuf trailing = alloc.wrap(hex("00"));
    try {
      assertThatThrownBy(() -> ByteBufText.requireFullyRead(trailing, "Thing"))
          .isExactlyInstanceOf(PgProtocolException.class)
          .hasMessageContaining("Thing");
    } finally {
      trailing.release();
    }
  }
}
