package dev.jitgate.proxy.session;

import dev.jitgate.pg.scram.TlsServerEndPoint;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import java.security.cert.X509Certificate;
import java.util.Objects;

/**
 * The proxy's client-facing TLS: the server context and the SCRAM channel-binding data of its
 * certificate ({@code tls-server-end-point}), computed once since the certificate does not change.
 */
public final class ServerTls {

  private final SslContext context;
  private final byte[] channelBindingData;

  public ServerTls(SslContext context, X509Certificate serverCertificate) {
    this.context = Objects.requireNonNull(context, "context");
    this.channelBindingData = TlsServerEndPoint.hash(serverCertificate);
  }

  /** A new server-side handler for one connection. */
  public SslHandler newHandler(ByteBufAllocator alloc) {
    return context.newHandler(alloc);
  }

  /** {@code tls-server-end-point} data for SCRAM-SHA-256-PLUS. */
  public byte[] channelBindingData() {
    return channelBindingData.clone();
  }
}
