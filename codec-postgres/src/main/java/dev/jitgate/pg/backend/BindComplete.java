package dev.jitgate.pg.backend;

/** BindComplete: {@code '2', Int32 4}. A Bind succeeded. */
public record BindComplete() implements BackendMessage {
  /** The only instance needed. */
  public static final BindComplete INSTANCE = new BindComplete();
}
