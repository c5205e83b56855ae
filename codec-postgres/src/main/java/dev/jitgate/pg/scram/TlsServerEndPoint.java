package dev.jitgate.pg.scram;

import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.security.spec.PSSParameterSpec;
import java.util.Locale;
import java.util.Map;

/**
 * Channel-binding data of type {@code tls-server-end-point} (RFC 5929 section 4.1): the hash of the
 * server's DER certificate, using the hash of the certificate's signature algorithm, with MD5 and
 * SHA-1 upgraded to SHA-256. Certificates without a single hash (Ed25519, Ed448) have no
 * {@code tls-server-end-point} binding; PostgreSQL refuses them too.
 */
public final class TlsServerEndPoint {

  private static final Map<String, String> DIGESTS =
      Map.ofEntries(
          Map.entry("MD5", "SHA-256"),
          Map.entry("SHA1", "SHA-256"),
          Map.entry("SHA-1", "SHA-256"),
          Map.entry("SHA224", "SHA-224"),
          Map.entry("SHA-224", "SHA-224"),
          Map.entry("SHA256", "SHA-256"),
          Map.entry("SHA-256", "SHA-256"),
          Map.entry("SHA384", "SHA-384"),
          Map.entry("SHA-384", "SHA-384"),
          Map.entry("SHA512", "SHA-512"),
          Map.entry("SHA-512", "SHA-512"),
          Map.entry("SHA512/224", "SHA-512/224"),
          Map.entry("SHA-512/224", "SHA-512/224"),
          Map.entry("SHA512/256", "SHA-512/256"),
          Map.entry("SHA-512/256", "SHA-512/256"),
          Map.entry("SHA3-224", "SHA3-224"),
          Map.entry("SHA3-256", "SHA3-256"),
          Map.entry("SHA3-384", "SHA3-384"),
          Map.entry("SHA3-512", "SHA3-512"));

  private TlsServerEndPoint() {}

  /**
   * The channel-binding data for {@code cert}.
   *
   * @throws IllegalArgumentException if the signature algorithm has no usable hash or the certificate
   *     cannot be encoded
   */
  public static byte[] hash(X509Certificate cert) {
    String digest = digestAlgorithm(cert);
    try {
      return MessageDigest.getInstance(digest).digest(cert.getEncoded());
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("cannot compute tls-server-end-point hash", e);
    }
  }

  /** The JCA name of the hash that {@link #hash} uses for {@code cert}. */
  static String digestAlgorithm(X509Certificate cert) {
    String sigAlg = cert.getSigAlgName().toUpperCase(Locale.ROOT);
    String hash;
    if (sigAlg.equals("RSASSA-PSS")) {
      hash = pssDigest(cert);
    } else {
      int with = sigAlg.indexOf("WITH");
      hash = with > 0 ? sigAlg.substring(0, with) : sigAlg;
    }
    String digest = DIGESTS.get(hash);
    if (digest == null) {
      throw new IllegalArgumentException("certificate signature algorithm has no tls-server-end-point hash");
    }
    return digest;
  }

  private static String pssDigest(X509Certificate cert) {
    try {
      AlgorithmParameters params = AlgorithmParameters.getInstance("RSASSA-PSS");
      params.init(cert.getSigAlgParams());
      return params.getParameterSpec(PSSParameterSpec.class).getDigestAlgorithm().toUpperCase(Locale.ROOT);
    } catch (GeneralSecurityException | java.io.IOException | RuntimeException e) {
      throw new IllegalArgumentException("cannot read RSASSA-PSS parameters of certificate", e);
    }
  }
}
