package dev.jitgate.pg.backend;

/**
 * The Authentication family: {@code 'R', Int32 len, Int32 code, payload}. The code selects the record.
 */
public sealed interface Authentication extends BackendMessage
    permits AuthenticationOk, AuthenticationKerberosV5, AuthenticationCleartextPassword,
        AuthenticationMd5Password, AuthenticationScmCredential, AuthenticationGss,
        AuthenticationGssContinue, AuthenticationSspi, AuthenticationSasl, AuthenticationSaslContinue,
        AuthenticationSaslFinal {

  /** The request code sent after the length word. */
  int code();
}
