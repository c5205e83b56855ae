package dev.jitgate.pg.backend;

/** AuthenticationSspi: {@code 'R', Int32 8, Int32 9}. Start an SSPI exchange. */
public record AuthenticationSspi() implements Authentication {
  /** The only instance needed. */
  public static final AuthenticationSspi INSTANCE = new AuthenticationSspi();

  @Override
  public int code() {
    return 9;
  }
}
