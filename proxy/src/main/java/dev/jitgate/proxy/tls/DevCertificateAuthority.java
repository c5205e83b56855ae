package dev.jitgate.proxy.tls;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.IPAddress;

/**
 * A throw-away certificate authority for development and tests: a self-signed EC P-256 CA that issues
 * server and client certificates (EC P-256, SHA256withECDSA), which pgjdbc, the JDK and OpenSSL/libpq accept.
 *
 * <p>In dev mode the proxy uses {@link #loadOrCreate(Path, String)} so that
 * {@code psql "sslmode=verify-full sslrootcert=<dir>/ca.crt"} keeps working across restarts.
 * Not for production: the CA key sits unencrypted on disk.
 */
public final class DevCertificateAuthority {

  /** Default CA validity. */
  public static final Duration DEFAULT_CA_VALIDITY = Duration.ofDays(3650);
  /** Default validity of issued server and client certificates. */
  public static final Duration DEFAULT_LEAF_VALIDITY = Duration.ofDays(365);
  /** File name of the CA certificate used by {@link #loadOrCreate(Path, String)}. */
  public static final String CA_CERT_FILE = "ca.crt";
  /** File name of the CA private key used by {@link #loadOrCreate(Path, String)}. */
  public static final String CA_KEY_FILE = "ca.key";

  private static final String SIGNATURE_ALGORITHM = "SHA256withECDSA";
  private static final Duration BACKDATE = Duration.ofHours(1);

  private final PrivateKey caKey;
  private final X509Certificate caCertificate;
  private final SecureRandom random;

  private DevCertificateAuthority(PrivateKey caKey, X509Certificate caCertificate, SecureRandom random) {
    this.caKey = caKey;
    this.caCertificate = caCertificate;
    this.random = random;
  }

  /** Generates a new CA with the given common name, valid for {@link #DEFAULT_CA_VALIDITY}. */
  public static DevCertificateAuthority generate(String caCommonName) {
    return generate(caCommonName, DEFAULT_CA_VALIDITY);
  }

  /** Generates a new CA with the given common name and validity. */
  public static DevCertificateAuthority generate(String caCommonName, Duration validity) {
    requireText(caCommonName, "caCommonName");
    requirePositive(validity);
    SecureRandom random = new SecureRandom();
    KeyPair keyPair = newKeyPair(random);
    X500Name subject = commonName(caCommonName);
    Instant now = Instant.now();
    try {
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serial(random),
          Date.from(now.minus(BACKDATE)), Date.from(now.plus(validity)), subject, keyPair.getPublic())
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
          .addExtension(Extension.keyUsage, true,
              new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature))
          .addExtension(Extension.subjectKeyIdentifier, false,
              ext.createSubjectKeyIdentifier(keyPair.getPublic()))
          .addExtension(Extension.authorityKeyIdentifier, false,
              ext.createAuthorityKeyIdentifier(keyPair.getPublic()));
      X509Certificate certificate = sign(builder, keyPair.getPrivate());
      return new DevCertificateAuthority(keyPair.getPrivate(), certificate, random);
    } catch (GeneralSecurityException | CertIOException e) {
      throw new IllegalStateException("Could not create CA certificate for CN=" + caCommonName, e);
    }
  }

  /**
   * Loads {@code directory/ca.crt} and {@code directory/ca.key} if both exist; otherwise generates a CA with
   * the given common name and writes them (the key with mode 0600).
   *
   * @throws IOException if only one of the two files exists, or they cannot be read, written or do not match
   */
  public static DevCertificateAuthority loadOrCreate(Path directory, String caCommonName) throws IOException {
    Objects.requireNonNull(directory, "directory");
    Path certFile = directory.resolve(CA_CERT_FILE);
    Path keyFile = directory.resolve(CA_KEY_FILE);
    boolean certExists = Files.exists(certFile);
    boolean keyExists = Files.exists(keyFile);
    if (certExists && keyExists) {
      return load(certFile, keyFile);
    }
    if (certExists || keyExists) {
      throw new IOException("Incomplete dev CA in " + directory + ": found " + (certExists ? certFile : keyFile)
          + " but not " + (certExists ? keyFile : certFile) + "; delete it or supply both");
    }
    DevCertificateAuthority ca = generate(caCommonName);
    Files.createDirectories(directory);
    PemFiles.writePrivateKey(keyFile, ca.caKey);
    ca.writeCaPem(certFile);
    return ca;
  }

  /** Loads a CA from a PEM certificate and its PEM private key, checking that they belong together. */
  public static DevCertificateAuthority load(Path certFile, Path keyFile) throws IOException {
    X509Certificate certificate = PemFiles.readCertificates(certFile).getFirst();
    PrivateKey key = PemFiles.readPrivateKey(keyFile);
    if (certificate.getBasicConstraints() < 0) {
      throw new IOException("Certificate in " + certFile + " is not a CA certificate (basicConstraints)");
    }
    if (!matches(key, certificate.getPublicKey())) {
      throw new IOException("Private key in " + keyFile + " does not match the certificate in " + certFile);
    }
    return new DevCertificateAuthority(key, certificate, new SecureRandom());
  }

  /** Issues a server certificate for the {@linkplain #defaultServerNames() default names}, valid one year. */
  public IssuedCertificate issueServer() {
    return issueServer(defaultServerNames().dnsNames(), defaultServerNames().ipAddresses(), DEFAULT_LEAF_VALIDITY);
  }

  /**
   * Issues a server certificate (serverAuth) with the given DNS and IP subject alternative names.
   * The subject CN is the first DNS name, or the first IP address if there is none.
   */
  public IssuedCertificate issueServer(List<String> dnsNames, List<String> ipAddresses, Duration validity) {
    List<GeneralName> names = new ArrayList<>();
    dnsNames.forEach(name -> names.add(new GeneralName(GeneralName.dNSName, requireText(name, "dnsName"))));
    ipAddresses.forEach(ip -> names.add(new GeneralName(GeneralName.iPAddress, requireIpLiteral(ip))));
    if (names.isEmpty()) {
      throw new IllegalArgumentException("a server certificate needs at least one DNS name or IP address");
    }
    String commonName = dnsNames.isEmpty() ? ipAddresses.getFirst() : dnsNames.getFirst();
    return issue(commonName, validity, KeyPurposeId.id_kp_serverAuth,
        new GeneralNames(names.toArray(GeneralName[]::new)));
  }

  /** Issues a client certificate (clientAuth) whose CN is {@code commonName}, e.g. a PostgreSQL role name. */
  public IssuedCertificate issueClient(String commonName, Duration validity) {
    return issue(requireText(commonName, "commonName"), validity, KeyPurposeId.id_kp_clientAuth, null);
  }

  /** The self-signed CA certificate, to be used as trust anchor by clients. */
  public X509Certificate caCertificate() {
    return caCertificate;
  }

  /** Writes the CA certificate (never the key) as PEM. */
  public void writeCaPem(Path file) throws IOException {
    PemFiles.writeCertificates(file, List.of(caCertificate));
  }

  /**
   * The names a local dev server certificate should cover: {@code localhost}, this machine's host name (when it
   * can be resolved), {@code 127.0.0.1} and {@code ::1}.
   */
  public static SubjectNames defaultServerNames() {
    Set<String> dns = new LinkedHashSet<>();
    dns.add("localhost");
    try {
      String host = InetAddress.getLocalHost().getHostName();
      if (host != null && !host.isBlank() && !isIpLiteral(host)) {
        dns.add(host);
      }
    } catch (UnknownHostException e) {
      // No resolvable host name: localhost and the loopback addresses still work.
    }
    return new SubjectNames(List.copyOf(dns), List.of("127.0.0.1", "::1"));
  }

  /**
   * DNS names and IP addresses for a certificate's subjectAltName extension.
   *
   * @param dnsNames    DNS names, may contain a leading wildcard label
   * @param ipAddresses IPv4 or IPv6 literals
   */
  public record SubjectNames(List<String> dnsNames, List<String> ipAddresses) {
    /** Defensive copies. */
    public SubjectNames {
      dnsNames = List.copyOf(dnsNames);
      ipAddresses = List.copyOf(ipAddresses);
    }
  }

  @Override
  public String toString() {
    return "DevCertificateAuthority[" + caCertificate.getSubjectX500Principal().getName() + ", notAfter="
        + caCertificate.getNotAfter().toInstant() + "]";
  }

  private IssuedCertificate issue(String commonName, Duration validity, KeyPurposeId purpose, GeneralNames sans) {
    requirePositive(validity);
    KeyPair keyPair = newKeyPair(random);
    Instant now = Instant.now();
    Instant notAfter = now.plus(validity);
    if (notAfter.isAfter(caCertificate.getNotAfter().toInstant())) {
      notAfter = caCertificate.getNotAfter().toInstant();
    }
    try {
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(caCertificate, serial(random),
          Date.from(now.minus(BACKDATE)), Date.from(notAfter),
          commonName(commonName), keyPair.getPublic())
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
          .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
          .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose))
          .addExtension(Extension.subjectKeyIdentifier, false,
              ext.createSubjectKeyIdentifier(keyPair.getPublic()))
          .addExtension(Extension.authorityKeyIdentifier, false,
              ext.createAuthorityKeyIdentifier(caCertificate));
      if (sans != null) {
        builder.addExtension(Extension.subjectAlternativeName, false, sans);
      }
      X509Certificate certificate = sign(builder, caKey);
      return new IssuedCertificate(keyPair.getPrivate(), List.of(certificate, caCertificate));
    } catch (GeneralSecurityException | CertIOException e) {
      throw new IllegalStateException("Could not issue certificate for CN=" + commonName, e);
    }
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signingKey)
      throws CertificateException {
    try {
      ContentSigner signer = new JcaContentSignerBuilder(SIGNATURE_ALGORITHM).build(signingKey);
      return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
    } catch (OperatorCreationException e) {
      throw new IllegalStateException("No " + SIGNATURE_ALGORITHM + " signer available", e);
    }
  }

  private static KeyPair newKeyPair(SecureRandom random) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"), random);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("EC P-256 key generation is not available", e);
    }
  }

  private static BigInteger serial(SecureRandom random) {
    return new BigInteger(159, random).setBit(0); // positive, non-zero, at most 20 octets (RFC 5280)
  }

  private static boolean matches(PrivateKey key, PublicKey publicKey) {
    if (!key.getAlgorithm().equals(publicKey.getAlgorithm())) {
      return false;
    }
    String algorithm = switch (key.getAlgorithm()) {
      case "EC" -> "SHA256withECDSA";
      case "RSA" -> "SHA256withRSA";
      default -> null;
    };
    if (algorithm == null) {
      return true; // unknown algorithm: the first issued certificate will fail to verify instead
    }
    try {
      byte[] probe = "jitgate-dev-ca-key-check".getBytes(StandardCharsets.US_ASCII);
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(probe);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(publicKey);
      verifier.update(probe);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  private static String requireIpLiteral(String ip) {
    requireText(ip, "ipAddress");
    if (!isIpLiteral(ip)) {
      throw new IllegalArgumentException("not an IPv4/IPv6 literal: " + ip);
    }
    return ip;
  }

  private static boolean isIpLiteral(String value) {
    return IPAddress.isValid(value);
  }

  private static String requireText(String value, String what) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(what + " must not be blank");
    }
    return value;
  }

  private static void requirePositive(Duration validity) {
    if (validity == null || validity.isNegative() || validity.isZero()) {
      throw new IllegalArgumentException("validity must be positive: " + validity);
    }
  }

  private static X500Name commonName(String commonName) {
    return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build();
  }
}
