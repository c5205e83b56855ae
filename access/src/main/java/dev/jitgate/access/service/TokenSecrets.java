package dev.jitgate.access.service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * How API token secrets and grant passwords are made and how token secrets are hashed for storage:
 * 32 random bytes in unpadded base64url, tokens prefixed with {@value #TOKEN_PREFIX}; stored token
 * hashes are lower-case hex SHA-256 of the token text.
 */
public final class TokenSecrets {
  /** Every API token starts with this, so that secret scanners recognise leaked tokens. */
  public static final String TOKEN_PREFIX = "jgt_";
  /** Random bytes in a generated token or password. */
  public static final int RANDOM_BYTES = 32;
  /** Shortest token text accepted as a preset (bootstrap) token. */
  public static final int MIN_PRESET_LENGTH = 24;

  private TokenSecrets() {}

  /** A new API token text: {@code jgt_} + 32 random bytes in base64url without padding. */
  public static String newToken(SecureRandom random) {
    return TOKEN_PREFIX + randomText(random);
  }

  /** A new grant password: 32 random bytes in base64url without padding (43 characters). */
  public static String newPassword(SecureRandom random) {
    return randomText(random);
  }

  /** Lower-case hex SHA-256 of {@code token} (UTF-8). */
  public static String hash(String token) {
    try {
      return HexFormat.of().formatHex(
          MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  private static String randomText(SecureRandom random) {
    byte[] bytes = new byte[RANDOM_BYTES];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
