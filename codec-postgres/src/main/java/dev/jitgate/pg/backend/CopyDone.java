package dev.jitgate.pg.backend;

/** CopyDone: {@code 'c', Int32 4}. End of COPY TO STDOUT data. */
public record CopyDone() implements BackendMessage {
  /** The only instance needed. */
  public static final CopyDone INSTANCE = new CopyDone();
}
