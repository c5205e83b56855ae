package dev.jitgate.pg.frontend;

/** CopyDone (frontend): {@code 'c', Int32 4}. End of COPY FROM STDIN data. */
public record CopyDone() implements FrontendMessage {
  /** The only instance needed. */
  public static final CopyDone INSTANCE = new CopyDone();
}
