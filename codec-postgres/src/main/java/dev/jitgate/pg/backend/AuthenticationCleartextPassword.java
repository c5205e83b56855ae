package dev.jitgate.pg.backend;

/** AuthenticationCleartextPassword: {@code 'R', Int32 8, Int32 3}. Send the password in clear text. */
public record AuthenticationCleartextPassword() implements Authentication {
  /** The only instance needed. */
  public static final AuthenticationCleartextPassword INSTANCE = new AuthenticationCleartextPassword();

  @Override
  public int code() {
    return 3;
  }
}
