package dev.jitgate.proxy.tls;

import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SSLException;

/**
 * Builds the {@link SslContext} the proxy presents to connecting PostgreSQL clients (TLS 1.2 and 1.3, JDK provider).
 */
public final class ServerTlsContexts {

  /** The ALPN protocol id PostgreSQL 17+ uses, mandatory for {@code sslnegotiation=direct}. */
  public static final String ALPN_POSTGRESQL = "postgresql";
  /** The TLS versions the proxy accepts, newest first. */
  public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

  private ServerTlsContexts() {
  }

  /**
   * A server context presenting {@code chain} (leaf first).
   *
   * @param alpnPostgresql if true, select ALPN {@value #ALPN_POSTGRESQL} when the client offers it, so that
   *                       PostgreSQL 17 direct-TLS clients connect; clients sending no ALPN (or other protocols)
   *                       still connect, without a negotiated protocol
   * @throws IllegalArgumentException if the key or chain cannot be used
   */
  public static SslContext forServer(PrivateKey key, List<X509Certificate> chain, boolean alpnPostgresql) {
    Objects.requireNonNull(key, "key");
    if (chain == null || chain.isEmpty()) {
      throw new IllegalArgumentException("server certificate chain must not be empty");
    }
    SslContextBuilder builder = SslContextBuilder.forServer(key, chain)
        .sslProvider(TlsProviders.preferred())
        .protocols(PROTOCOLS)
        .clientAuth(ClientAuth.NONE);
    if (alpnPostgresql) {
      builder.applicationProtocolConfig(new ApplicationProtocolConfig(
          ApplicationProtocolConfig.Protocol.ALPN,
          ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
          ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
          ALPN_POSTGRESQL));
    }
    try {
      return builder.build();
    } catch (SSLException e) {
      throw new IllegalArgumentException("Cannot build server TLS context for "
          + chain.getFirst().getSubjectX500Principal().getName() + ": " + e.getMessage(), e);
    }
  }
}
