package dev.jitgate.pg.frontend;

import dev.jitgate.pg.PgProtocolException;

/** What a Describe or Close refers to: a prepared statement ({@code 'S'}) or a portal ({@code 'P'}). */
public enum Target {
  STATEMENT('S'),
  PORTAL('P');

  private final byte code;

  Target(char code) {
    this.code = (byte) code;
  }

  public byte code() {
    return code;
  }

  /** Maps the wire byte, failing with a protocol error for anything but {@code S} or {@code P}. */
  public static Target fromCode(byte code) {
    return switch (code) {
      case 'S' -> STATEMENT;
      case 'P' -> PORTAL;
      default -> throw new PgProtocolException("invalid Describe/Close target " + (code & 0xFF));
    };
  }
}
