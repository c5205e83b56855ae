package dev.jitgate.pg.scram;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The SCRAM-SHA-256 primitives of RFC 5802 section 3: {@code Hi}, {@code HMAC}, {@code H} and the key
 * derivations. Pure functions over byte arrays; the JDK's HmacSHA256 and SHA-256 only.
 */
final class ScramCrypto {

  /** Length in bytes of SHA-256 output, hence of StoredKey, ServerKey, proofs and signatures. */
  static final int KEY_LENGTH = 32;

  private static final String HMAC = "HmacSHA256";
  private static final byte[] CLIENT_KEY = "Client Key".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] SERVER_KEY = "Server Key".getBytes(StandardCharsets.US_ASCII);

  private ScramCrypto() {}

  /** {@code SaltedPassword := Hi(Normalize(password), salt, i)}, password already SASLprep'ed. */
  static byte[] saltedPassword(String preparedPassword, byte[] salt, int iterations) {
    byte[] password = preparedPassword.getBytes(StandardCharsets.UTF_8);
    try {
      return hi(password, salt, iterations);
    } finally {
      Arrays.fill(password, (byte) 0);
    }
  }

  /** PBKDF2-HMAC-SHA-256 with a single output block, as RFC 5802 defines {@code Hi}. */
  static byte[] hi(byte[] password, byte[] salt, int iterations) {
    if (iterations < 1) {
      throw new IllegalArgumentException("iterations must be >= 1");
    }
    Mac mac = mac(password);
    mac.update(salt);
    mac.update(new byte[] {0, 0, 0, 1});
    byte[] u = mac.doFinal();
    byte[] result = u.clone();
    for (int i = 1; i < iterations; i++) {
      u = mac.doFinal(u);
      for (int j = 0; j < result.length; j++) {
        result[j] ^= u[j];
      }
    }
    Arrays.fill(u, (byte) 0);
    return result;
  }

  static byte[] hmac(byte[] key, byte[] data) {
    return mac(key).doFinal(data);
  }

  static byte[] sha256(byte[] data) {
    return sha256Digest().digest(data);
  }

  static MessageDigest sha256Digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  static byte[] clientKey(byte[] saltedPassword) {
    return hmac(saltedPassword, CLIENT_KEY);
  }

  static byte[] serverKey(byte[] saltedPassword) {
    return hmac(saltedPassword, SERVER_KEY);
  }

  static byte[] xor(byte[] a, byte[] b) {
    if (a.length != b.length) {
      throw new IllegalArgumentException("length mismatch");
    }
    byte[] out = new byte[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = (byte) (a[i] ^ b[i]);
    }
    return out;
  }

  private static Mac mac(byte[] key) {
    try {
      Mac mac = Mac.getInstance(HMAC);
      // HMAC zero-pads short keys to the block size, so an empty key is the same as one zero byte;
      // SecretKeySpec refuses empty keys, hence the substitution.
      mac.init(new SecretKeySpec(key.length == 0 ? new byte[1] : key, HMAC));
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }
}
