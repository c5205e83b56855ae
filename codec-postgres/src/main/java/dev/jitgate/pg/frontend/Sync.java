package dev.jitgate.pg.frontend;

/** Sync: {@code 'S', Int32 4}. Ends an extended-protocol batch. */
public record Sync() implements FrontendMessage {
  /** The only instance needed. */
  public static final Sync INSTANCE = new Sync();
}
