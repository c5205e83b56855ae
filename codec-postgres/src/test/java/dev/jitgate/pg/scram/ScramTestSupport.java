package dev.jitgate.pg.scram;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;

/** Small helpers shared by the SCRAM tests. */
final class ScramTestSupport {

  static final String PLAIN = "SCRAM-SHA-256";
  static final String PLUS = "SCRAM-SHA-256-PLUS";

  private ScramTestSupport() {}

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static String text(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  static byte[] b64(String s) {
    return Base64.getDecoder().decode(s);
  }

  static String b64(byte[] b) {
    return Base64.getEncoder().encodeToString(b);
  }

  /** A deterministic SecureRandom, so failing runs can be reproduced. */
  static SecureRandom seededRandom(long seed) {
    try {
      SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
      random.setSeed(seed);
      return random;
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Value of attribute {@code name} in a SCRAM message, e.g. the salt {@code s=} of a server-first. */
  static String attribute(byte[] message, char name) {
    for (String field : text(message).split(",")) {
      if (field.length() >= 2 && field.charAt(0) == name && field.charAt(1) == '=') {
        return field.substring(2);
      }
    }
    throw new AssertionError("no attribute " + name);
  }
}
