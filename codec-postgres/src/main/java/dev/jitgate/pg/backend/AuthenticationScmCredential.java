package dev.jitgate.pg.backend;

/** AuthenticationScmCredential: {@code 'R', Int32 8, Int32 6}. SCM credentials (Unix sockets only). */
public record AuthenticationScmCredential() implements Authentication {
  /** The only instance needed. */
  public static final AuthenticationScmCredential INSTANCE = new AuthenticationScmCredential();

  @Override
  public int code() {
    return 6;
  }
}
