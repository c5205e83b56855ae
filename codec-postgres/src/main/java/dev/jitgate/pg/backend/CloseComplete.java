package dev.jitgate.pg.backend;

/** CloseComplete: {@code '3', Int32 4}. A Close succeeded. */
public record CloseComplete() implements BackendMessage {
  /** The only instance needed. */
  public static final CloseComplete INSTANCE = new CloseComplete();
}
