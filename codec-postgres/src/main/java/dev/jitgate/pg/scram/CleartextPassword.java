package dev.jitgate.pg.scram;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;
import java.util.Optional;

/**
 * Checks a cleartext password (PasswordMessage after AuthenticationCleartextPassword) against a stored
 * secret, as PostgreSQL's {@code plain_crypt_verify} does: a SCRAM-SHA-256 secret or an MD5 hash.
 * Comparisons are constant-time; malformed or unknown secret formats never match.
 */
public final class CleartextPassword {

  private CleartextPassword() {}

  /**
   * Whether {@code password} matches {@code storedSecret} (PostgreSQL's {@code rolpassword} format).
   *
   * @param user the role name; only MD5 hashes use it
   */
  public static boolean verify(String user, String password, String storedSecret) {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(password, "password");
    if (storedSecret == null) {
      return false;
    }
    Optional<ScramVerifier> scram = ScramVerifier.tryParse(storedSecret);
    if (scram.isPresent()) {
      return scram.get().matchesPassword(password);
    }
    if (Md5Password.isMd5Hash(storedSecret)) {
      byte[] expected = storedSecret.getBytes(StandardCharsets.US_ASCII);
      byte[] actual = Md5Password.hash(user, password).getBytes(StandardCharsets.US_ASCII);
      return MessageDigest.isEqual(expected, actual);
    }
    return false;
  }
}
