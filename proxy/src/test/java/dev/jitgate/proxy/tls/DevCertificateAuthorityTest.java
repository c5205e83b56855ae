package dev.jitgate.proxy.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevCertificateAuthorityTest {

  private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
  private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";

  private final DevCertificateAuthority ca = DevCertificateAuthority.generate("jitgate unit test CA");

  @Test
  void caCertificateIsASelfSignedEcCa() throws Exception {
    X509Certificate caCert = ca.caCertificate();
    assertThat(caCert.getSubjectX500Principal()).isEqualTo(caCert.getIssuerX500Principal());
    assertThat(caCert.getSubjectX500Principal().getName()).isEqualTo("CN=jitgate unit test CA");
    assertThat(caCert.getBasicConstraints()).isGreaterThanOrEqualTo(0);
    assertThat(caCert.getKeyUsage()[5]).as("keyCertSign").isTrue();
    assertThat(caCert.getPublicKey().getAlgorithm()).isEqualTo("EC");
    assertThat(caCert.getSigAlgName()).isEqualTo("SHA256withECDSA");
    caCert.verify(caCert.getPublicKey());
    assertThat(Duration.between(Instant.now(), caCert.getNotAfter().toInstant()))
        .isBetween(Duration.ofDays(3649), Duration.ofDays(3651));
  }

  @Test
  void serverCertificateValidatesAgainstTheCaAndCarriesSans() throws Exception {
    IssuedCertificate server = ca.issueServer(List.of("localhost", "db.test"), List.of("127.0.0.1", "::1"),
        Duration.ofDays(30));
    X509Certificate leaf = server.certificate();

    validatePkix(leaf, ca.caCertificate());
    assertThat(server.chain()).containsExactly(leaf, ca.caCertificate());
    assertThat(leaf.getSubjectAlternativeNames()).containsExactlyInAnyOrder(
        List.of(2, "localhost"), List.of(2, "db.test"), List.of(7, "127.0.0.1"), List.of(7, "0:0:0:0:0:0:0:1"));
    assertThat(leaf.getExtendedKeyUsage()).containsExactly(SERVER_AUTH);
    assertThat(leaf.getBasicConstraints()).isEqualTo(-1);
    assertThat(leaf.getKeyUsage()[0]).as("digitalSignature").isTrue();
    assertThat(leaf.getSubjectX500Principal().getName()).isEqualTo("CN=localhost");
    assertThat(server.privateKey().getAlgorithm()).isEqualTo("EC");
    assertThat(Duration.between(Instant.now(), leaf.getNotAfter().toInstant()))
        .isBetween(Duration.ofDays(29), Duration.ofDays(31));
  }

  @Test
  void defaultServerCertificateCoversLoopbackNamesForOneYear() throws Exception {
    IssuedCertificate server = ca.issueServer();
    validatePkix(server.certificate(), ca.caCertificate());
    assertThat(server.certificate().getSubjectAlternativeNames())
        .contains(List.of(2, "localhost"), List.of(7, "127.0.0.1"), List.of(7, "0:0:0:0:0:0:0:1"));
    assertThat(DevCertificateAuthority.defaultServerNames().dnsNames()).startsWith("localhost");
    assertThat(Duration.between(Instant.now(), server.certificate().getNotAfter().toInstant()))
        .isBetween(Duration.ofDays(364), Duration.ofDays(366));
  }

  @Test
  void leafValidityIsCappedAtTheCaExpiry() {
    DevCertificateAuthority shortLived = DevCertificateAuthority.generate("short", Duration.ofDays(2));
    IssuedCertificate server = shortLived.issueServer(List.of("localhost"), List.of(), Duration.ofDays(365));
    assertThat(server.certificate().getNotAfter()).isEqualTo(shortLived.caCertificate().getNotAfter());
  }

  @Test
  void certificateFromAnotherCaDoesNotValidate() {
    IssuedCertificate server = DevCertificateAuthority.generate("other").issueServer();
    assertThatThrownBy(() -> validatePkix(server.certificate(), ca.caCertificate()))
        .isInstanceOf(CertPathValidatorException.class);
  }

  @Test
  void clientCertificateHasClientAuthAndCommonName() throws Exception {
    IssuedCertificate client = ca.issueClient("app_user", Duration.ofDays(1));
    validatePkix(client.certificate(), ca.caCertificate());
    assertThat(client.certificate().getSubjectX500Principal().getName()).isEqualTo("CN=app_user");
    assertThat(client.certificate().getExtendedKeyUsage()).containsExactly(CLIENT_AUTH);
    assertThat(client.certificate().getSubjectAlternativeNames()).isNull();
  }

  @Test
  void rejectsBadArguments() {
    assertThatThrownBy(() -> ca.issueServer(List.of(), List.of("not-an-ip"), Duration.ofDays(1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not-an-ip");
    assertThatThrownBy(() -> ca.issueServer(List.of(), List.of(), Duration.ofDays(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ca.issueClient("x", Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DevCertificateAuthority.generate(" ")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void toStringNeverShowsTheKey() {
    IssuedCertificate server = ca.issueServer();
    String encodedKey = Base64.getEncoder().encodeToString(server.privateKey().getEncoded());
    assertThat(server.toString()).contains("CN=localhost").contains("redacted")
        .doesNotContain(encodedKey.substring(0, 40));
    assertThat(ca.toString()).contains("CN=jitgate unit test CA");
  }

  @Test
  void loadOrCreatePersistsTheCaAcrossRestarts(@TempDir Path dir) throws Exception {
    Path caDir = dir.resolve("dev-ca");
    DevCertificateAuthority first = DevCertificateAuthority.loadOrCreate(caDir, "jitgate dev CA");
    Path keyFile = caDir.resolve(DevCertificateAuthority.CA_KEY_FILE);
    assertThat(Files.getPosixFilePermissions(keyFile)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    assertThat(Files.readString(caDir.resolve(DevCertificateAuthority.CA_CERT_FILE)))
        .startsWith("-----BEGIN CERTIFICATE-----").doesNotContain("PRIVATE");

    DevCertificateAuthority second = DevCertificateAuthority.loadOrCreate(caDir, "ignored");
    assertThat(second.caCertificate()).isEqualTo(first.caCertificate());
    // The reloaded CA can still sign: its certificates chain to the original CA certificate.
    validatePkix(second.issueServer().certificate(), first.caCertificate());
  }

  @Test
  void loadOrCreateRefusesAHalfPresentCa(@TempDir Path dir) throws IOException {
    DevCertificateAuthority.generate("x").writeCaPem(dir.resolve(DevCertificateAuthority.CA_CERT_FILE));
    assertThatThrownBy(() -> DevCertificateAuthority.loadOrCreate(dir, "x"))
        .isInstanceOf(IOException.class).hasMessageContaining("ca.key");
  }

  @Test
  void loadRejectsAKeyThatDoesNotMatch(@TempDir Path dir) throws IOException {
    Path cert = dir.resolve("ca.crt");
    Path key = dir.resolve("ca.key");
    ca.writeCaPem(cert);
    PemFiles.writePrivateKey(key, ca.issueServer().privateKey());
    assertThatThrownBy(() -> DevCertificateAuthority.load(cert, key))
        .isInstanceOf(IOException.class).hasMessageContaining("does not match");
  }

  /** OpenSSL (as used by libpq and the PostgreSQL server) accepts the chain and the PKCS#8 key. */
  @Test
  void opensslAcceptsTheChainAndKey(@TempDir Path dir) throws Exception {
    Path openssl = onPath("openssl");
    assumeTrue(openssl != null, "openssl not on PATH");
    IssuedCertificate server = ca.issueServer(List.of("localhost"), List.of("127.0.0.1", "::1"),
        Duration.ofDays(1));
    Path caFile = dir.resolve("ca.crt");
    Path certFile = dir.resolve("server.crt");
    Path keyFile = dir.resolve("server.key");
    ca.writeCaPem(caFile);
    PemFiles.writeCertificates(certFile, List.of(server.certificate()));
    PemFiles.writePrivateKey(keyFile, server.privateKey());

    assertThat(run(openssl.toString(), "verify", "-purpose", "sslserver", "-verify_hostname", "localhost",
        "-verify_ip", "127.0.0.1", "-CAfile", caFile.toString(), certFile.toString()))
        .contains(certFile + ": OK");
    assertThat(run(openssl.toString(), "pkey", "-in", keyFile.toString(), "-noout", "-check"))
        .contains("valid");
    assertThat(run(openssl.toString(), "x509", "-in", caFile.toString(), "-noout", "-ext", "basicConstraints"))
        .contains("CA:TRUE");
  }

  static void validatePkix(X509Certificate leaf, X509Certificate trustAnchor) throws Exception {
    PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(trustAnchor, null)));
    parameters.setRevocationEnabled(false);
    CertPathValidator.getInstance("PKIX").validate(
        CertificateFactory.getInstance("X.509").generateCertPath(List.of(leaf)), parameters);
  }

  private static Path onPath(String command) {
    return Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
        .map(dir -> Path.of(dir, command)).filter(Files::isExecutable).findFirst().orElse(null);
  }

  private static String run(String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as("%s: %s", String.join(" ", command), output).isZero();
    return output;
  }
}
