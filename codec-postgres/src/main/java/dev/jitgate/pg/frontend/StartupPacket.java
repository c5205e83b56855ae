package dev.jitgate.pg.frontend;

/**
 * The untyped packets a client may send first: {@code Int32 length, Int32 code, payload}. The code tells
 * them apart: a protocol version for StartupMessage, magic numbers for the others.
 */
public sealed interface StartupPacket extends FrontendMessage
    permits StartupMessage, SslRequest, GssEncRequest, CancelRequest {

  /** {@code 1234.5679}: SSLRequest. */
  int SSL_REQUEST_CODE = 80877103;
  /** {@code 1234.5680}: GSSENCRequest. */
  int GSSENC_REQUEST_CODE = 80877104;
  /** {@code 1234.5678}: CancelRequest. */
  int CANCEL_REQUEST_CODE = 80877102;
}
