package dev.jitgate.pg.backend;

/** ParseComplete: {@code '1', Int32 4}. A Parse succeeded. */
public record ParseComplete() implements BackendMessage {
  /** The only instance needed. */
  public static final ParseComplete INSTANCE = new ParseComplete();
}
