package dev.jitgate.pg.frontend;

/** Terminate: {@code 'X', Int32 4}. The client is closing the session. */
public record Terminate() implements FrontendMessage {
  /** The only instance needed. */
  public static final Terminate INSTANCE = new Terminate();
}
