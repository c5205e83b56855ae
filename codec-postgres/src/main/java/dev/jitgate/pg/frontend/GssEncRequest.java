package dev.jitgate.pg.frontend;

/** GSSENCRequest: {@code Int32 8, Int32 80877104}. jitgate answers {@code N} (no GSSAPI encryption). */
public record GssEncRequest() implements StartupPacket {
  /** The only instance needed. */
  public static final GssEncRequest INSTANCE = new GssEncRequest();
}
