package dev.jitgate.pg;

import static dev.jitgate.pg.Wire.hex;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

class BytesTest {

  @Test
  void copiesOnTheWayInAndOut() {
    byte[] source = hex("010203");
    Bytes bytes = Bytes.of(source);
    source[0] = 9;
    assertThat(bytes.toArray()).isEqualTo(hex("010203"));
    bytes.toArray()[1] = 9;
    assertThat(bytes.toArray()).isEqualTo(hex("010203"));
    assertThat(bytes.length()).isEqualTo(3);
    assertThat(bytes.get(2)).isEqualTo((byte) 3);
  }

  @Test
  void comparesByContent() {
    assertThat(Bytes.of(hex("0102"))).isEqualTo(Bytes.of(hex("0102"))).hasSameHashCodeAs(Bytes.of(hex("0102")));
    assertThat(Bytes.of(hex("0102"))).isNotEqualTo(Bytes.of(hex("0103")));
    assertThat(Bytes.of(hex("0102")).equalsConstantTime(Bytes.of(hex("0102")))).isTrue();
    assertThat(Bytes.of(hex("0102")).equalsConstantTime(Bytes.of(hex("010203")))).isFalse();
  }

  @Test
  void toStringShowsOnlyTheLength() {
    assertThat(Bytes.of(hex("deadbeef")).toString()).isEqualTo("<4 bytes>");
    assertThat(Bytes.of(new byte[0]).toString()).isEqualTo("<0 bytes>");
  }

  @Test
  void readsAndWritesBuffers() {
    ByteBuf in = Unpooled.wrappedBuffer(hex("0a0b0c"));
    Bytes read = Bytes.read(in, 2);
    assertThat(read.toArray()).isEqualTo(hex("0a0b"));
    assertThat(in.readableBytes()).isEqualTo(1);
    ByteBuf out = Unpooled.buffer();
    read.writeTo(out);
    assertThat(ByteBufUtil.getBytes(out)).isEqualTo(hex("0a0b"));
    in.release();
    out.release();
  }
}
