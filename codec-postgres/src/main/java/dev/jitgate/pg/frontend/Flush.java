package dev.jitgate.pg.frontend;

/** Flush: {@code 'H', Int32 4}. Asks the server to send pending output. */
public record Flush() implements FrontendMessage {
  /** The only instance needed. */
  public static final Flush INSTANCE = new Flush();
}
