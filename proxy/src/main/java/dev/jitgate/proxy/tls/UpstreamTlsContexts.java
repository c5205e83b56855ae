package dev.jitgate.proxy.tls;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;

/**
 * Builds client-side {@link SslContext}s and {@link SslHandler}s for the proxy's upstream connections, following
 * libpq's {@code sslmode} semantics.
 *
 * <ul>
 *   <li>{@code allow}, {@code prefer}, {@code require} without a CA bundle: encrypt, verify nothing.</li>
 *   <li>{@code allow}, {@code prefer}, {@code require} <em>with</em> a CA bundle: verify the chain like
 *       {@code verify-ca}. This mirrors libpq, which verifies the chain whenever a root certificate file is
 *       present (documented for {@code require} "for backwards compatibility").</li>
 *   <li>{@code verify-ca}: chain must lead to the CA bundle; the host name is not checked.</li>
 *   <li>{@code verify-full}: chain and host name (SAN) checked; use {@link #newHandler} so the host is known.</li>
 * </ul>
 *
 * <p>For {@code verify-ca}/{@code verify-full} without a CA bundle the JDK default trust store ({@code cacerts}) is
 * used, which does <em>not</em> contain the Amazon RDS CAs: configure the RDS bundle file
 * ({@code global-bundle.pem}) for RDS/Aurora. Unlike libpq, {@code ~/.postgresql/root.crt} is not consulted.
 *
 * <p>The context offers ALPN {@value ServerTlsContexts#ALPN_POSTGRESQL} (as libpq 17 does) and continues if the
 * server selects none.
 */
public final class UpstreamTlsContexts {

  /** The JSSE endpoint identification algorithm that performs RFC 2818 host name checks. */
  public static final String HOSTNAME_VERIFICATION_ALGORITHM = "HTTPS";

  private UpstreamTlsContexts() {
  }

  /**
   * A client context for {@code mode}.
   *
   * @param caBundleOrNull PEM file with the trusted root (and intermediate) certificates, or null
   * @throws IllegalArgumentException for {@link UpstreamSslMode#DISABLE}, which uses no TLS
   * @throws IOException              if the CA bundle cannot be read
   */
  public static SslContext forUpstream(UpstreamSslMode mode, Path caBundleOrNull) throws IOException {
    Objects.requireNonNull(mode, "mode");
    if (!mode.allowsTls()) {
      throw new IllegalArgumentException("sslmode " + mode.libpqName() + " uses no TLS context");
    }
    SslContextBuilder builder = SslContextBuilder.forClient()
        .sslProvider(TlsProviders.preferred())
        .protocols(ServerTlsContexts.PROTOCOLS)
        .endpointIdentificationAlgorithm(mode.verifiesHostname() ? HOSTNAME_VERIFICATION_ALGORITHM : null)
        .applicationProtocolConfig(new ApplicationProtocolConfig(
            ApplicationProtocolConfig.Protocol.ALPN,
            ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
            ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
            ServerTlsContexts.ALPN_POSTGRESQL));
    if (caBundleOrNull != null) {
      List<X509Certificate> trusted = PemFiles.readCertificates(caBundleOrNull);
      builder.trustManager(trusted);
    } else if (!mode.verifiesChain()) {
      builder.trustManager(InsecureTrustManagerFactory.INSTANCE);
    }
    // else: verify-ca / verify-full without a bundle -> JDK default trust store.
    try {
      return builder.build();
    } catch (SSLException e) {
      throw new IllegalArgumentException("Cannot build upstream TLS context for sslmode " + mode.libpqName()
          + (caBundleOrNull == null ? "" : " with CA bundle " + caBundleOrNull) + ": " + e.getMessage(), e);
    }
  }

  /**
   * A handler for a connection to {@code host:port}. The host is the name checked by {@code verify-full} (an IP
   * literal is matched against IP SANs) and sent as SNI when it is a DNS name. Host name verification is switched
   * on or off on the engine according to {@code mode}, so {@code ctx} must come from {@link #forUpstream} with a
   * mode of the same verification strength.
   */
  public static SslHandler newHandler(SslContext ctx, UpstreamSslMode mode, ByteBufAllocator alloc, String host,
      int port) {
    Objects.requireNonNull(ctx, "ctx");
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(host, "host");
    if (!ctx.isClient()) {
      throw new IllegalArgumentException("upstream handler needs a client SslContext");
    }
    SslHandler handler = ctx.newHandler(alloc, host, port);
    SSLEngine engine = handler.engine();
    SSLParameters parameters = engine.getSSLParameters();
    parameters.setEndpointIdentificationAlgorithm(mode.verifiesHostname() ? HOSTNAME_VERIFICATION_ALGORITHM : null);
    engine.setSSLParameters(parameters);
    return handler;
  }
}
