package dev.jitgate.pg.scram;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * PostgreSQL's legacy MD5 password scheme. The stored hash is {@code "md5" + md5hex(password + user)};
 * the answer to AuthenticationMD5Password is {@code "md5" + md5hex(md5hex(password + user) + salt)}.
 * MD5 is weak; use it only where an upstream server still demands it.
 */
public final class Md5Password {

  private static final String PREFIX = "md5";

  private Md5Password() {}

  /** The PasswordMessage answer to AuthenticationMD5Password with the given 4-byte salt. */
  public static String encode(String user, String password, byte[] salt4) {
    return encodeFromHash(hash(user, password), salt4);
  }

  /**
   * The answer to AuthenticationMD5Password when only the stored hash ({@code md5...}, as in
   * {@code pg_authid.rolpassword}) is known, not the password.
   */
  public static String encodeFromHash(String storedHash, byte[] salt4) {
    Objects.requireNonNull(storedHash, "storedHash");
    Objects.requireNonNull(salt4, "salt4");
    if (salt4.length != 4) {
      throw new IllegalArgumentException("MD5 salt must be 4 bytes");
    }
    if (!isMd5Hash(storedHash)) {
      throw new IllegalArgumentException("not an MD5 password hash");
    }
    MessageDigest md5 = md5();
    md5.update(storedHash.substring(PREFIX.length()).getBytes(StandardCharsets.US_ASCII));
    md5.update(salt4);
    return PREFIX + HexFormat.of().formatHex(md5.digest());
  }

  /** The stored form: {@code "md5" + md5hex(password + user)}. */
  public static String hash(String user, String password) {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(password, "password");
    MessageDigest md5 = md5();
    md5.update(password.getBytes(StandardCharsets.UTF_8));
    md5.update(user.getBytes(StandardCharsets.UTF_8));
    return PREFIX + HexFormat.of().formatHex(md5.digest());
  }

  /** Whether {@code text} has the stored form: {@code md5} and 32 lower-case hex digits. */
  public static boolean isMd5Hash(String text) {
    if (text == null || text.length() != 35 || !text.startsWith(PREFIX)) {
      return false;
    }
    for (int i = PREFIX.length(); i < text.length(); i++) {
      char c = text.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }

  private static MessageDigest md5() {
    try {
      return MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 is not available", e);
    }
  }
}
