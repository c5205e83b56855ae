package dev.jitgate.proxy.tls;

import java.io.IOException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * A private key with its certificate chain, leaf first (the issuing CA follows the leaf).
 *
 * @param privateKey the leaf's private key; never printed by {@link #toString()}
 * @param chain      leaf certificate first, then its issuers
 */
public record IssuedCertificate(PrivateKey privateKey, List<X509Certificate> chain) {

  /** Validates and defensively copies the chain. */
  public IssuedCertificate {
    Objects.requireNonNull(privateKey, "privateKey");
    chain = List.copyOf(chain);
    if (chain.isEmpty()) {
      throw new IllegalArgumentException("certificate chain must not be empty");
    }
  }

  /** The leaf certificate. */
  public X509Certificate certificate() {
    return chain.getFirst();
  }

  /**
   * Writes the chain (leaf first) to {@code certFile} and the key as PKCS#8 PEM to {@code keyFile}
   * (mode 0600 where POSIX permissions are supported).
   */
  public void writePem(Path certFile, Path keyFile) throws IOException {
    PemFiles.writeCertificates(certFile, chain);
    PemFiles.writePrivateKey(keyFile, privateKey);
  }

  @Override
  public String toString() {
    return "IssuedCertificate[subject=" + certificate().getSubjectX500Principal().getName()
        + ", issuer=" + certificate().getIssuerX500Principal().getName()
        + ", notAfter=" + certificate().getNotAfter().toInstant()
        + ", chainLength=" + chain.size()
        + ", privateKey=<" + privateKey.getAlgorithm() + " redacted>]";
  }
}
