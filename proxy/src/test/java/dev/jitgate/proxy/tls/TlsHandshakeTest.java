package dev.jitgate.proxy.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsHandshakeTest {

  @TempDir
  Path dir;

  private final DevCertificateAuthority ca = DevCertificateAuthority.generate("handshake test CA");
  private final DevCertificateAuthority otherCa = DevCertificateAuthority.generate("some other CA");
  private final IssuedCertificate serverCert = ca.issueServer(List.of("localhost"), List.of("127.0.0.1"),
      Duration.ofDays(1));
  private final SslContext server = ServerTlsContexts.forServer(serverCert.privateKey(), serverCert.chain(), true);
  private Path caFile;
  private Path otherCaFile;
  private LocalTlsHandshake handshake;

  @BeforeEach
  void setUp() throws IOException {
    caFile = dir.resolve("ca.crt");
    otherCaFile = dir.resolve("other-ca.crt");
    ca.writeCaPem(caFile);
    otherCa.writeCaPem(otherCaFile);
    handshake = new LocalTlsHandshake();
  }

  @AfterEach
  void tearDown() {
    handshake.close();
  }

  @Test
  void verifyFullSucceedsForLocalhostAndNegotiatesAlpnPostgresql() throws Exception {
    LocalTlsHandshake.Result result = upstream(UpstreamSslMode.VERIFY_FULL, caFile, "localhost");

    assertThat(result.succeeded()).as("failure: %s", result.clientFailure()).isTrue();
    assertThat(result.clientAlpn()).isEqualTo(ServerTlsContexts.ALPN_POSTGRESQL);
    assertThat(result.serverAlpn()).isEqualTo(ServerTlsContexts.ALPN_POSTGRESQL);
    assertThat(result.peerCertificate()).isEqualTo(serverCert.certificate());
    assertThat(result.localCertificate()).isEqualTo(serverCert.certificate());
    assertThat(result.protocol()).isEqualTo("TLSv1.3");
  }

  @Test
  void verifyFullMatchesIpAddressSans() throws Exception {
    assertThat(upstream(UpstreamSslMode.VERIFY_FULL, caFile, "127.0.0.1").succeeded()).isTrue();
  }

  @Test
  void verifyFullFailsForAWrongHostName() throws Exception {
    LocalTlsHandshake.Result result = upstream(UpstreamSslMode.VERIFY_FULL, caFile, "db.example.com");

    assertThat(result.succeeded()).isFalse();
    assertThat(result.clientFailure()).isInstanceOf(SSLHandshakeException.class);
    assertThat(result.rootCause()).isInstanceOf(CertificateException.class)
        .hasMessageContaining("db.example.com");
  }

  @Test
  void verifyFullFailsForAWrongIpAddress() throws Exception {
    assertThat(upstream(UpstreamSslMode.VERIFY_FULL, caFile, "10.1.2.3").succeeded()).isFalse();
  }

  @Test
  void verifyFullWithoutBundleUsesTheJdkTrustStoreWhichDoesNotKnowTheTestCa() throws Exception {
    assertThat(upstream(UpstreamSslMode.VERIFY_FULL, null, "localhost").succeeded()).isFalse();
  }

  @Test
  void verifyCaChecksTheChainButNotTheHostName() throws Exception {
    assertThat(upstream(UpstreamSslMode.VERIFY_CA, caFile, "db.example.com").succeeded()).isTrue();
  }

  @Test
  void verifyCaFailsWithTheWrongCa() throws Exception {
    LocalTlsHandshake.Result result = upstream(UpstreamSslMode.VERIFY_CA, otherCaFile, "localhost");
    assertThat(result.succeeded()).isFalse();
    assertThat(result.clientFailure()).isInstanceOf(SSLHandshakeException.class);
  }

  @Test
  void verifyFullFailsWithTheWrongCa() throws Exception {
    assertThat(upstream(UpstreamSslMode.VERIFY_FULL, otherCaFile, "localhost").succeeded()).isFalse();
  }

  @Test
  void requireWithoutBundleEncryptsWithoutVerifying() throws Exception {
    for (UpstreamSslMode mode : List.of(UpstreamSslMode.ALLOW, UpstreamSslMode.PREFER, UpstreamSslMode.REQUIRE)) {
      LocalTlsHandshake.Result result = upstream(mode, null, "db.example.com");
      assertThat(result.succeeded()).as("%s: %s", mode, result.clientFailure()).isTrue();
      assertThat(result.peerCertificate()).isEqualTo(serverCert.certificate());
    }
  }

  @Test
  void requireWithBundleVerifiesTheChainLikeLibpq() throws Exception {
    assertThat(upstream(UpstreamSslMode.REQUIRE, otherCaFile, "localhost").succeeded()).isFalse();
    assertThat(upstream(UpstreamSslMode.REQUIRE, caFile, "db.example.com").succeeded()).isTrue();
  }

  @Test
  void clientsWithoutAlpnStillConnect() throws Exception {
    SslContext noAlpn = SslContextBuilder.forClient().sslProvider(SslProvider.JDK).trustManager(caFile.toFile())
        .build();
    LocalTlsHandshake.Result result = handshake.run(server, alloc -> noAlpn.newHandler(alloc, "localhost", 5432));

    assertThat(result.succeeded()).as("failure: %s", result.clientFailure()).isTrue();
    assertThat(result.clientAlpn()).isNull();
    assertThat(result.serverAlpn()).isNull();
  }

  @Test
  void clientsOfferingOtherProtocolsStillConnectWithoutAlpn() throws Exception {
    SslContext h2 = SslContextBuilder.forClient().sslProvider(SslProvider.JDK).trustManager(caFile.toFile())
        .applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
            ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
            ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT, "h2"))
        .build();
    LocalTlsHandshake.Result result = handshake.run(server, alloc -> h2.newHandler(alloc, "localhost", 5432));

    assertThat(result.succeeded()).as("failure: %s", result.clientFailure()).isTrue();
    assertThat(result.serverAlpn()).isNull();
  }

  @Test
  void serverWithoutAlpnLeavesItUnnegotiated() throws Exception {
    SslContext plainServer = ServerTlsContexts.forServer(serverCert.privateKey(), serverCert.chain(), false);
    SslContext upstream = UpstreamTlsContexts.forUpstream(UpstreamSslMode.VERIFY_FULL, caFile);
    LocalTlsHandshake.Result result = handshake.run(plainServer,
        alloc -> UpstreamTlsContexts.newHandler(upstream, UpstreamSslMode.VERIFY_FULL, alloc, "localhost", 5432));

    assertThat(result.succeeded()).as("failure: %s", result.clientFailure()).isTrue();
    assertThat(result.clientAlpn()).isNull();
  }

  @Test
  void tls12ClientIsAccepted() throws Exception {
    SslContext tls12 = SslContextBuilder.forClient().sslProvider(SslProvider.JDK).trustManager(caFile.toFile())
        .protocols("TLSv1.2").build();
    LocalTlsHandshake.Result result = handshake.run(server, alloc -> tls12.newHandler(alloc, "localhost", 5432));

    assertThat(result.succeeded()).as("failure: %s", result.clientFailure()).isTrue();
    assertThat(result.protocol()).isEqualTo("TLSv1.2");
  }

  @Test
  void serverContextOnlyEnablesTls12And13() {
    SslHandler handler = server.newHandler(io.netty.buffer.ByteBufAllocator.DEFAULT);
    try {
      // Netty's OpenSSL engine lists the pseudo-protocol "SSLv2Hello" (a hello format, which BoringSSL
      // does not accept anyway); it enables no protocol version.
      assertThat(handler.engine().getEnabledProtocols())
          .filteredOn(p -> !p.equals("SSLv2Hello"))
          .containsExactlyInAnyOrder("TLSv1.3", "TLSv1.2");
    } finally {
      EmbeddedChannel channel = new EmbeddedChannel(handler);
      channel.finishAndReleaseAll();
    }
  }

  @Test
  void disableHasNoTlsContextAndBadBundleIsReported() {
    assertThatThrownBy(() -> UpstreamTlsContexts.forUpstream(UpstreamSslMode.DISABLE, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> UpstreamTlsContexts.forUpstream(UpstreamSslMode.VERIFY_CA, dir.resolve("nope.pem")))
        .isInstanceOf(IOException.class).hasMessageContaining("nope.pem");
  }

  @Test
  void sessionCertificatesRequireACompletedHandshake() throws Exception {
    SslContext upstream = UpstreamTlsContexts.forUpstream(UpstreamSslMode.REQUIRE, null);
    SslHandler handler = UpstreamTlsContexts.newHandler(upstream, UpstreamSslMode.REQUIRE,
        io.netty.buffer.ByteBufAllocator.DEFAULT, "localhost", 5432);
    try {
      assertThatThrownBy(() -> TlsSessionCertificates.peerCertificate(handler))
          .isInstanceOf(IllegalStateException.class);
    } finally {
      new EmbeddedChannel(handler).finishAndReleaseAll();
    }
  }

  private LocalTlsHandshake.Result upstream(UpstreamSslMode mode, Path bundle, String host) throws Exception {
    SslContext upstream = UpstreamTlsContexts.forUpstream(mode, bundle);
    return handshake.run(server, alloc -> UpstreamTlsContexts.newHandler(upstream, mode, alloc, host, 5432));
  }
}
