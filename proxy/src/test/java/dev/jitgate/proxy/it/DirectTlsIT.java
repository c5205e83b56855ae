package dev.jitgate.proxy.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jitgate.proxy.testing.PostgresExtension;
import dev.jitgate.proxy.testing.RawPgClient;
import dev.jitgate.proxy.testing.TestPostgres;
import dev.jitgate.proxy.testing.TestProxy;
import dev.jitgate.proxy.tls.PemFiles;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * PostgreSQL 17 direct TLS ({@code sslnegotiation=direct}): the client opens with a TLS ClientHello
 * instead of SSLRequest and must offer ALPN {@code postgresql}.
 */
@ExtendWith(PostgresExtension.class)
class DirectTlsIT {

  private static TestProxy proxy;

  @BeforeAll
  static void start(TestPostgres pg) throws Exception {
    proxy = TestProxy.start(pg);
  }

  @AfterAll
  static void stop() throws Exception {
    proxy.close();
  }

  private static SSLSocket tlsSocket(String... alpn) throws Exception {
    KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
    trust.load(null, null);
    int i = 0;
    for (X509Certificate c : PemFiles.readCertificates(proxy.caCertFile())) {
      trust.setCertificateEntry("ca" + i++, c);
    }
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, tmf.getTrustManagers(), null);
    SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("localhost", proxy.port());
    s.setSoTimeout(10_000);
    SSLParameters p = s.getSSLParameters();
    p.setEndpointIdentificationAlgorithm("HTTPS");
    p.setApplicationProtocols(alpn);
    s.setSSLParameters(p);
    return s;
  }

  @Test
  void directTlsWithAlpnPostgresqlReachesAuthentication() throws Exception {
    try (SSLSocket s = tlsSocket("postgresql")) {
      s.startHandshake();
      assertThat(s.getApplicationProtocol()).isEqualTo("postgresql");
      OutputStream out = s.getOutputStream();
      out.write(RawPgClient.startup(0, Map.of("user", TestProxy.USER, "database", TestProxy.DATABASE)));
      out.flush();
      DataInputStream in = new DataInputStream(s.getInputStream());
      assertThat((char) in.readUnsignedByte()).isEqualTo('R');
      in.readInt();
      assertThat(in.readInt()).as("AuthenticationSASL").isEqualTo(10);
      byte[] mechanisms = new byte[64];
      int n = in.read(mechanisms);
      assertThat(new String(mechanisms, 0, n)).contains("SCRAM-SHA-256-PLUS");
    }
  }

  @Test
  void directTlsWithoutAlpnIsRefused() throws Exception {
    try (SSLSocket s = tlsSocket()) {
      boolean closed;
      try {
        s.startHandshake();
        s.getOutputStream().write(RawPgClient.startup(0, Map.of("user", TestProxy.USER)));
        s.getOutputStream().flush();
        closed = s.getInputStream().read() < 0;
      } catch (EOFException | SocketTimeoutException e) {
        closed = !(e instanceof SocketTimeoutException);
      } catch (IOException e) {
        closed = true;
      }
      assertThat(closed).isTrue();
    }
  }

  @Test
  void sslRequestInsideDirectTlsIsAProtocolViolation() throws Exception {
    try (SSLSocket s = tlsSocket("postgresql")) {
      s.getOutputStream().write(RawPgClient.packet(8, 80877103));
      s.getOutputStream().flush();
      DataInputStream in = new DataInputStream(s.getInputStream());
      assertThat((char) in.readUnsignedByte()).isEqualTo('E');
    }
  }
}
