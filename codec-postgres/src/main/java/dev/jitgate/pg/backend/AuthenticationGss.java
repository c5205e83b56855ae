package dev.jitgate.pg.backend;

/** AuthenticationGss: {@code 'R', Int32 8, Int32 7}. Start a GSSAPI exchange. */
public record AuthenticationGss() implements Authentication {
  /** The only instance needed. */
  public static final AuthenticationGss INSTANCE = new AuthenticationGss();

  @Override
  public int code() {
    return 7;
  }
}
