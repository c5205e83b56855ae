package dev.jitgate.proxy.tls;

import io.netty.handler.ssl.SslHandler;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Objects;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * Reads the certificates of a completed TLS handshake, e.g. for SCRAM {@code tls-server-end-point} channel binding
 * (RFC 5929): upstream it is the server's certificate ({@link #peerCertificate}), client-facing it is the proxy's
 * own ({@link #localCertificate}).
 */
public final class TlsSessionCertificates {

  private TlsSessionCertificates() {
  }

  /**
   * The peer's leaf certificate.
   *
   * @throws IllegalStateException if the handshake has not completed or the peer sent no X.509 certificate
   */
  public static X509Certificate peerCertificate(SslHandler handler) {
    SSLSession session = session(handler);
    try {
      return firstX509(session.getPeerCertificates(), "peer");
    } catch (SSLPeerUnverifiedException e) {
      throw new IllegalStateException("No peer certificate (TLS handshake not complete?)", e);
    }
  }

  /**
   * The certificate this side presented in the handshake.
   *
   * @throws IllegalStateException if the handshake has not completed or no certificate was presented
   */
  public static X509Certificate localCertificate(SslHandler handler) {
    return firstX509(session(handler).getLocalCertificates(), "local");
  }

  private static SSLSession session(SslHandler handler) {
    Objects.requireNonNull(handler, "handler");
    if (!handler.handshakeFuture().isSuccess()) {
      throw new IllegalStateException("TLS handshake has not completed successfully");
    }
    return handler.engine().getSession();
  }

  private static X509Certificate firstX509(Certificate[] certificates, String side) {
    if (certificates == null || certificates.length == 0
        || !(certificates[0] instanceof X509Certificate certificate)) {
      throw new IllegalStateException("No " + side + " X.509 certificate in the TLS session");
    }
    return certificate;
  }
}
