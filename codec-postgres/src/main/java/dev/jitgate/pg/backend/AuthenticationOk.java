package dev.jitgate.pg.backend;

/** AuthenticationOk: {@code 'R', Int32 8, Int32 0}. Authentication succeeded. */
public record AuthenticationOk() implements Authentication {
  /** The only instance needed. */
  public static final AuthenticationOk INSTANCE = new AuthenticationOk();

  @Override
  public int code() {
    return 0;
  }
}
