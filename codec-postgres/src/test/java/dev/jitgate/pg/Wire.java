package dev.jitgate.pg;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * Builds expected wire bytes by hand in tests: every length word is written out explicitly by the test
 * author (from the protocol documentation), never computed by the code under test.
 */
public final class Wire {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  private Wire() {}

  public static Wire wire() {
    return new Wire();
  }

  /** Parses hex digits, ignoring whitespace: {@code hex("51 00 00 00 04")}. */
  public static byte[] hex(String digits) {
    return HexFormat.of().parseHex(digits.replaceAll("\\s+", ""));
  }

  public Wire type(char type) {
    out.write(type);
    return this;
  }

  public Wire i8(int v) {
    out.write(v);
    return this;
  }

  public Wire i16(int v) {
    out.write(v >>> 8);
    out.write(v);
    return this;
  }

  public Wire i32(int v) {
    out.write(v >>> 24);
    out.write(v >>> 16);
    out.write(v >>> 8);
    out.write(v);
    return this;
  }

  /** UTF-8 bytes followed by NUL. */
  public Wire cstr(String s) {
    out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
    out.write(0);
    return this;
  }

  /** UTF-8 bytes, no terminator. */
  public Wire ascii(String s) {
    out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
    return this;
  }

  public Wire bytes(byte... b) {
    out.writeBytes(b);
    return this;
  }

  public Wire hexBytes(String digits) {
    return bytes(hex(digits));
  }

  public byte[] build() {
    return out.toByteArray();
  }

  public static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      o.writeBytes(p);
    }
    return o.toByteArray();
  }

  public static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
