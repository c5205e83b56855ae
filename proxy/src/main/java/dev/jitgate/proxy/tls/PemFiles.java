package dev.jitgate.proxy.tls;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.X509TrustedCertificateBlock;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * Reads and writes PEM encoded certificates and private keys.
 *
 * <p>Private keys are read from PKCS#8 ({@code PRIVATE KEY}), PKCS#1 ({@code RSA PRIVATE KEY}) and SEC1
 * ({@code EC PRIVATE KEY}) blocks and always written as unencrypted PKCS#8 with owner-only permissions.
 * Error messages name the file and the problem but never contain key material.
 */
public final class PemFiles {

  private static final Set<PosixFilePermission> OWNER_READ_WRITE = PosixFilePermissions.fromString("rw-------");

  private PemFiles() {
  }

  /**
   * Reads every certificate in a PEM file, in file order (leaf first for a chain file).
   *
   * @throws IOException if the file cannot be read, is not PEM, or holds no certificate
   */
  public static List<X509Certificate> readCertificates(Path file) throws IOException {
    Objects.requireNonNull(file, "file");
    List<X509Certificate> certificates = new ArrayList<>();
    JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
    try (PEMParser parser = openParser(file)) {
      Object object;
      while ((object = nextObject(parser, file, "certificate")) != null) {
        X509CertificateHolder holder = switch (object) {
          case X509CertificateHolder h -> h;
          case X509TrustedCertificateBlock trusted -> trusted.getCertificateHolder();
          default -> null; // keys, parameters etc. in a combined file are skipped
        };
        if (holder != null) {
          try {
            certificates.add(converter.getCertificate(holder));
          } catch (CertificateException e) {
            throw new IOException("Invalid certificate #" + (certificates.size() + 1) + " in " + file
                + ": " + e.getMessage(), e);
          }
        }
      }
    }
    if (certificates.isEmpty()) {
      throw new IOException("No PEM \"CERTIFICATE\" block found in " + file);
    }
    return List.copyOf(certificates);
  }

  /**
   * Reads the first private key in a PEM file.
   *
   * @throws IOException if the file cannot be read, holds no key, or holds an encrypted key
   */
  public static PrivateKey readPrivateKey(Path file) throws IOException {
    Objects.requireNonNull(file, "file");
    JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
    try (PEMParser parser = openParser(file)) {
      Object object;
      while ((object = nextObject(parser, file, "private key")) != null) {
        switch (object) {
          case PrivateKeyInfo info -> {
            return convert(file, "PKCS#8", () -> converter.getPrivateKey(info));
          }
          case PEMKeyPair pair -> {
            // Only the private part: SEC1 keys may omit the optional public key.
            return convert(file, "PKCS#1/SEC1", () -> converter.getPrivateKey(pair.getPrivateKeyInfo()));
          }
          case PEMEncryptedKeyPair ignored -> throw encrypted(file);
          case PKCS8EncryptedPrivateKeyInfo ignored -> throw encrypted(file);
          case ASN1ObjectIdentifier ignored -> { } // "EC PARAMETERS" block before an EC key
          case X9ECParameters ignored -> { }
          default -> { } // certificates etc. in a combined file are skipped
        }
      }
    }
    throw new IOException("No PEM private key (\"PRIVATE KEY\", \"RSA PRIVATE KEY\" or \"EC PRIVATE KEY\") found in "
        + file);
  }

  /** Writes certificates as consecutive PEM {@code CERTIFICATE} blocks, replacing the file. */
  public static void writeCertificates(Path file, List<X509Certificate> certificates) throws IOException {
    Objects.requireNonNull(file, "file");
    if (certificates.isEmpty()) {
      throw new IllegalArgumentException("no certificates to write to " + file);
    }
    StringWriter text = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
      for (X509Certificate certificate : certificates) {
        writer.writeObject(certificate);
      }
    }
    createParent(file);
    Files.writeString(file, text.toString(), StandardCharsets.US_ASCII);
  }

  /**
   * Writes a private key as an unencrypted PKCS#8 {@code PRIVATE KEY} block, replacing the file.
   * Where the file system supports POSIX permissions the file is mode 0600 before any key byte is written.
   */
  public static void writePrivateKey(Path file, PrivateKey key) throws IOException {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(key, "key");
    StringWriter text = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
      writer.writeObject(new JcaPKCS8Generator(key, null));
    }
    createParent(file);
    createOwnerOnly(file);
    try (Writer out = Files.newBufferedWriter(file, StandardCharsets.US_ASCII,
        StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
      out.write(text.toString());
    }
  }

  private static void createOwnerOnly(Path file) throws IOException {
    boolean posix = Files.getFileStore(file.toAbsolutePath().getParent())
        .supportsFileAttributeView(PosixFileAttributeView.class);
    if (!posix) {
      if (!Files.exists(file)) {
        Files.createFile(file);
      }
      return;
    }
    try {
      Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_READ_WRITE));
    } catch (FileAlreadyExistsException e) {
      // Tighten first, then truncate and write: the new key is never readable by others.
    }
    Files.setPosixFilePermissions(file, OWNER_READ_WRITE);
  }

  private static void createParent(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
  }

  private static PEMParser openParser(Path file) throws IOException {
    try {
      Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
      return new PEMParser(reader);
    } catch (NoSuchFileException e) {
      throw new IOException("PEM file not found: " + file, e);
    }
  }

  private static Object nextObject(PEMParser parser, Path file, String what) throws IOException {
    try {
      return parser.readObject();
    } catch (IOException | RuntimeException e) {
      // BouncyCastle messages describe the structure, not the content; the cause is kept for debugging.
      throw new IOException("Malformed PEM in " + file + " while looking for a " + what + ": "
          + e.getClass().getSimpleName(), e);
    }
  }

  private static IOException encrypted(Path file) {
    return new IOException("Encrypted private keys are not supported: " + file
        + " (decrypt it, e.g. `openssl pkey -in <file> -out <new file>`)");
  }

  private static PrivateKey convert(Path file, String format, KeyConversion conversion) throws IOException {
    try {
      return conversion.run();
    } catch (IOException | RuntimeException e) {
      throw new IOException("Unsupported or invalid " + format + " private key in " + file + ": "
          + e.getClass().getSimpleName(), e);
    }
  }

  @FunctionalInterface
  private interface KeyConversion {
    PrivateKey run() throws IOException;
  }
}
