package dev.jitgate.pg;

import io.netty.buffer.ByteBuf;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * An immutable byte string, compared by content. Message records hold their opaque payloads as
 * {@code Bytes} so that they can stay plain records. {@link #toString()} shows only the length, never
 * the content: these payloads include cancel keys and SCRAM exchange data.
 */
public final class Bytes {

  private final byte[] bytes;

  private Bytes(byte[] bytes) {
    this.bytes = bytes;
  }

  /** A copy of {@code bytes}; later changes to the array do not show. */
  public static Bytes of(byte[] bytes) {
    return new Bytes(bytes.clone());
  }

  /** Reads exactly {@code n} bytes from {@code buf}, failing with a protocol error when fewer remain. */
  public static Bytes read(ByteBuf buf, int n) {
    return new Bytes(ByteBufText.readBytes(buf, n));
  }

  /** A fresh copy of the content. */
  public byte[] toArray() {
    return bytes.clone();
  }

  public int length() {
    return bytes.length;
  }

  public byte get(int index) {
    return bytes[index];
  }

  /** Writes the content to {@code out}. */
  public void writeTo(ByteBuf out) {
    out.writeBytes(bytes);
  }

  /** Content comparison whose time does not depend on where the contents differ. */
  public boolean equalsConstantTime(Bytes other) {
    return MessageDigest.isEqual(bytes, other.bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Bytes b && Arrays.equals(b.bytes, bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  /** {@code <N bytes>}; never the content. */
  @Override
  public String toString() {
    return "<" + bytes.length + " bytes>";
  }
}
