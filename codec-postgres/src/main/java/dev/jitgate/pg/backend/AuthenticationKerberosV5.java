package dev.jitgate.pg.backend;

/** AuthenticationKerberosV5: {@code 'R', Int32 8, Int32 2}. Kerberos V5 (unsupported by PostgreSQL since 9.4). */
public record AuthenticationKerberosV5() implements Authentication {
  /** The only instance needed. */
  public static final AuthenticationKerberosV5 INSTANCE = new AuthenticationKerberosV5();

  @Override
  public int code() {
    return 2;
  }
}
