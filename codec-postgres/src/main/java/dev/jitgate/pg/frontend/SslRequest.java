package dev.jitgate.pg.frontend;

/** SSLRequest: {@code Int32 8, Int32 80877103}. The server answers one byte, {@code S} or {@code N}. */
public record SslRequest() implements StartupPacket {
  /** The only instance needed. */
  public static final SslRequest INSTANCE = new SslRequest();
}
