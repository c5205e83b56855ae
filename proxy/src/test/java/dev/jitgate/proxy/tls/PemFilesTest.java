package dev.jitgate.proxy.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.jcajce.JcaMiscPEMGenerator;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMEncryptorBuilder;
import org.bouncycastle.util.io.pem.PemObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PemFilesTest {

  private final DevCertificateAuthority ca = DevCertificateAuthority.generate("pem test CA");

  @TempDir
  Path dir;

  @Test
  void roundTripsChainAndKey() throws IOException {
    IssuedCertificate issued = ca.issueServer();
    Path cert = dir.resolve("server.crt");
    Path key = dir.resolve("server.key");

    issued.writePem(cert, key);

    List<X509Certificate> chain = PemFiles.readCertificates(cert);
    PrivateKey readKey = PemFiles.readPrivateKey(key);
    assertThat(chain).containsExactlyElementsOf(issued.chain());
    assertThat(readKey.getAlgorithm()).isEqualTo("EC");
    assertThat(readKey.getEncoded()).isEqualTo(issued.privateKey().getEncoded());
    assertThat(Files.readString(key)).startsWith("-----BEGIN PRIVATE KEY-----");
    assertThat(Files.getPosixFilePermissions(key)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
  }

  @Test
  void overwritingAWorldReadableKeyFileTightensItsPermissions() throws IOException {
    Path key = dir.resolve("loose.key");
    Files.writeString(key, "old");
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
    PemFiles.writePrivateKey(key, ca.issueServer().privateKey());
    assertThat(Files.getPosixFilePermissions(key)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    assertThat(PemFiles.readPrivateKey(key).getAlgorithm()).isEqualTo("EC");
  }

  @Test
  void readsPkcs1RsaKey() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    KeyPair pair = generator.generateKeyPair();
    Path key = write("rsa.key", traditional(pair.getPrivate()));
    assertThat(Files.readString(key)).startsWith("-----BEGIN RSA PRIVATE KEY-----");

    PrivateKey read = PemFiles.readPrivateKey(key);
    assertThat(read.getAlgorithm()).isEqualTo("RSA");
    assertThat(read.getEncoded()).isEqualTo(pair.getPrivate().getEncoded());
  }

  @Test
  void readsSec1EcKeyWithLeadingEcParameters() throws Exception {
    IssuedCertificate issued = ca.issueServer();
    PrivateKey ecKey = issued.privateKey();
    // `openssl ecparam -genkey -name prime256v1` writes the curve OID block before the key.
    String pem = "-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n"
        + opensslStyleSec1(ecKey, issued.certificate().getPublicKey());
    Path key = write("ec.key", pem);
    assertThat(pem).contains("-----BEGIN EC PRIVATE KEY-----");

    PrivateKey read = PemFiles.readPrivateKey(key);
    assertThat(read.getAlgorithm()).isEqualTo("EC");
    assertThat(((ECPrivateKey) read).getS()).isEqualTo(((ECPrivateKey) ecKey).getS());
  }

  @Test
  void readsKeyAndCertificatesFromOneCombinedFile() throws IOException {
    IssuedCertificate issued = ca.issueServer();
    Path cert = dir.resolve("c.pem");
    Path key = dir.resolve("k.pem");
    issued.writePem(cert, key);
    Path combined = write("combined.pem", Files.readString(key) + Files.readString(cert));

    assertThat(PemFiles.readCertificates(combined)).containsExactlyElementsOf(issued.chain());
    assertThat(PemFiles.readPrivateKey(combined).getEncoded()).isEqualTo(issued.privateKey().getEncoded());
  }

  @Test
  void errorsNameTheFileAndProblemButNoKeyMaterial() throws IOException {
    IssuedCertificate issued = ca.issueServer();
    Path cert = dir.resolve("only.crt");
    Path key = dir.resolve("only.key");
    issued.writePem(cert, key);
    String keyBody = Files.readString(key).lines().filter(l -> !l.startsWith("-----")).findFirst().orElseThrow();

    assertThatThrownBy(() -> PemFiles.readPrivateKey(cert))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("No PEM private key").hasMessageContaining(cert.toString());
    assertThatThrownBy(() -> PemFiles.readCertificates(key))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("No PEM \"CERTIFICATE\" block").hasMessageContaining(key.toString())
        .hasMessageNotContaining(keyBody);
    assertThatThrownBy(() -> PemFiles.readCertificates(dir.resolve("missing.crt")))
        .isInstanceOf(IOException.class).hasMessageContaining("missing.crt");

    Path corrupt = write("corrupt.key", Files.readString(key).replace(keyBody, keyBody.substring(0, 20) + "!!!"));
    assertThatThrownBy(() -> PemFiles.readPrivateKey(corrupt))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(corrupt.toString())
        .hasMessageNotContaining(keyBody.substring(0, 20));
  }

  @Test
  void encryptedKeysAreRejectedWithAHint() throws Exception {
    PrivateKey ecKey = ca.issueServer().privateKey();
    StringWriter pkcs8 = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(pkcs8)) {
      writer.writeObject(new JcaPKCS8Generator(ecKey, new JceOpenSSLPKCS8EncryptorBuilder(
          JcaPKCS8Generator.AES_256_CBC).setProvider(new BouncyCastleProvider())
          .setPassword("secret".toCharArray()).build()));
    }
    StringWriter legacy = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(legacy)) {
      writer.writeObject(new JcaMiscPEMGenerator(ecKey,
          new JcePEMEncryptorBuilder("AES-128-CBC").setProvider(new BouncyCastleProvider())
              .build("secret".toCharArray())));
    }
    for (String pem : List.of(pkcs8.toString(), legacy.toString())) {
      Path key = write("encrypted.key", pem);
      assertThatThrownBy(() -> PemFiles.readPrivateKey(key))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("Encrypted private keys are not supported")
          .hasMessageContaining(key.toString());
    }
  }

  private Path write(String name, String content) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, content);
    return file;
  }

  /** SEC1 as OpenSSL writes it: with the curve parameters and the public key (the JDK's PKCS#8 omits both). */
  private static String opensslStyleSec1(PrivateKey key, PublicKey publicKey) throws IOException {
    PrivateKeyInfo info = PrivateKeyInfo.getInstance(key.getEncoded());
    org.bouncycastle.asn1.sec.ECPrivateKey sec1 = new org.bouncycastle.asn1.sec.ECPrivateKey(256,
        ((ECPrivateKey) key).getS(),
        SubjectPublicKeyInfo.getInstance(publicKey.getEncoded()).getPublicKeyData(),
        info.getPrivateKeyAlgorithm().getParameters());
    StringWriter text = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
      writer.writeObject(new PemObject("EC PRIVATE KEY", sec1.getEncoded()));
    }
    return text.toString();
  }

  /** PKCS#1 / SEC1 ("traditional" OpenSSL) encoding. */
  private static String traditional(PrivateKey key) throws IOException {
    StringWriter text = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
      writer.writeObject(key);
    }
    return text.toString();
  }
}
