package dev.jitgate.proxy.tls;

import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslProvider;

/**
 * Picks the TLS implementation: BoringSSL through netty-tcnative when its native library loads (much
 * cheaper handshakes and record encryption than the JDK's), the JDK's otherwise. The system property
 * {@code jitgate.tls.provider} ({@code auto}, {@code openssl}, {@code jdk}) overrides the choice, e.g. to
 * compare the two in a benchmark.
 */
public final class TlsProviders {

  /** System property naming the provider. */
  public static final String PROPERTY = "jitgate.tls.provider";

  private TlsProviders() {}

  /** The provider to build contexts with. */
  public static SslProvider preferred() {
    String choice = System.getProperty(PROPERTY, "auto");
    return switch (choice) {
      case "jdk" -> SslProvider.JDK;
      case "openssl" -> SslProvider.OPENSSL;
      default -> OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;
    };
  }
}
