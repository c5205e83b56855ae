package dev.jitgate.pg.scram;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * A SCRAM-SHA-256 secret as PostgreSQL stores it in {@code pg_authid.rolpassword}:
 * {@code SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>}. It lets a server verify a client
 * without knowing the password. Arrays are copied in and out; {@link #toString()} redacts the keys.
 *
 * @param iterations the iteration count, at least 1
 * @param salt the salt, not empty
 * @param storedKey {@code H(HMAC(SaltedPassword, "Client Key"))}, 32 bytes
 * @param serverKey {@code HMAC(SaltedPassword, "Server Key")}, 32 bytes
 */
public record ScramVerifier(int iterations, byte[] salt, byte[] storedKey, byte[] serverKey) {

  /** Salt length PostgreSQL uses for new secrets. */
  public static final int DEFAULT_SALT_LENGTH = 16;

  /** Iteration count PostgreSQL uses by default ({@code scram_iterations}). */
  public static final int DEFAULT_ITERATIONS = 4096;

  private static final String PREFIX = "SCRAM-SHA-256$";

  public ScramVerifier {
    if (iterations < 1) {
      throw new IllegalArgumentException("iterations must be >= 1");
    }
    Objects.requireNonNull(salt, "salt");
    Objects.requireNonNull(storedKey, "storedKey");
    Objects.requireNonNull(serverKey, "serverKey");
    if (salt.length == 0) {
      throw new IllegalArgumentException("salt must not be empty");
    }
    if (storedKey.length != ScramCrypto.KEY_LENGTH || serverKey.length != ScramCrypto.KEY_LENGTH) {
      throw new IllegalArgumentException("SCRAM-SHA-256 keys must be 32 bytes");
    }
    salt = salt.clone();
    storedKey = storedKey.clone();
    serverKey = serverKey.clone();
  }

  /**
   * Parses PostgreSQL's text form. The exception message never contains the text, which is a secret
   * in its own right (it allows offline guessing and impersonating the server).
   */
  public static ScramVerifier parse(String text) {
    return tryParse(text).orElseThrow(() -> new IllegalArgumentException("not a valid SCRAM-SHA-256 secret"));
  }

  /** Like {@link #parse} but empty instead of throwing, e.g. to tell SCRAM secrets from MD5 hashes. */
  public static Optional<ScramVerifier> tryParse(String text) {
    if (text == null || !text.startsWith(PREFIX)) {
      return Optional.empty();
    }
    String rest = text.substring(PREFIX.length());
    int dollar = rest.indexOf('$');
    if (dollar < 0) {
      return Optional.empty();
    }
    String[] params = rest.substring(0, dollar).split(":", -1);
    String[] keys = rest.substring(dollar + 1).split(":", -1);
    if (params.length != 2 || keys.length != 2) {
      return Optional.empty();
    }
    int iterations = parseIterations(params[0]);
    Optional<byte[]> salt = ScramText.decodeBase64(params[1]);
    Optional<byte[]> storedKey = ScramText.decodeBase64(keys[0]);
    Optional<byte[]> serverKey = ScramText.decodeBase64(keys[1]);
    if (iterations < 1
        || salt.isEmpty()
        || salt.get().length == 0
        || storedKey.isEmpty()
        || storedKey.get().length != ScramCrypto.KEY_LENGTH
        || serverKey.isEmpty()
        || serverKey.get().length != ScramCrypto.KEY_LENGTH) {
      return Optional.empty();
    }
    return Optional.of(new ScramVerifier(iterations, salt.get(), storedKey.get(), serverKey.get()));
  }

  /** Returns the iteration count, or -1 unless {@code s} is a positive decimal int without sign. */
  private static int parseIterations(String s) {
    if (s.isEmpty() || s.length() > 10) {
      return -1;
    }
    long value = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value > Integer.MAX_VALUE ? -1 : (int) value;
  }

  /** PostgreSQL's text form, as accepted by {@code ALTER ROLE ... PASSWORD '<text>'}. */
  public String format() {
    return PREFIX
        + iterations
        + ":"
        + ScramText.base64(salt)
        + "$"
        + ScramText.base64(storedKey)
        + ":"
        + ScramText.base64(serverKey);
  }

  /** Derives the secret from a password, applying SASLprep as PostgreSQL does. */
  public static ScramVerifier fromPassword(String password, byte[] salt, int iterations) {
    Objects.requireNonNull(password, "password");
    Objects.requireNonNull(salt, "salt");
    if (salt.length == 0) {
      throw new IllegalArgumentException("salt must not be empty");
    }
    byte[] salted = ScramCrypto.saltedPassword(SaslPrep.prepare(password), salt, iterations);
    try {
      byte[] clientKey = ScramCrypto.clientKey(salted);
      byte[] storedKey = ScramCrypto.sha256(clientKey);
      Arrays.fill(clientKey, (byte) 0);
      return new ScramVerifier(iterations, salt, storedKey, ScramCrypto.serverKey(salted));
    } finally {
      Arrays.fill(salted, (byte) 0);
    }
  }

  /** A new secret with a random 16-byte salt and 4096 iterations, like PostgreSQL's defaults. */
  public static ScramVerifier generate(String password, SecureRandom random) {
    byte[] salt = new byte[DEFAULT_SALT_LENGTH];
    random.nextBytes(salt);
    return fromPassword(password, salt, DEFAULT_ITERATIONS);
  }

  /**
   * Checks a cleartext password against this secret in constant time, as PostgreSQL does when a
   * client with a SCRAM secret authenticates with {@code password} (cleartext) authentication.
   */
  public boolean matchesPassword(String password) {
    ScramVerifier candidate = fromPassword(password, salt, iterations);
    boolean stored = MessageDigest.isEqual(candidate.storedKey, storedKey);
    boolean server = MessageDigest.isEqual(candidate.serverKey, serverKey);
    return stored & server;
  }

  @Override
  public byte[] salt() {
    return salt.clone();
  }

  @Override
  public byte[] storedKey() {
    return storedKey.clone();
  }

  @Override
  public byte[] serverKey() {
    return serverKey.clone();
  }

  /** Package access to the key without a copy, for constant-time comparison. */
  byte[] storedKeyRef() {
    return storedKey;
  }

  byte[] serverKeyRef() {
    return serverKey;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ScramVerifier v
        && v.iterations == iterations
        && Arrays.equals(v.salt, salt)
        && MessageDigest.isEqual(v.storedKey, storedKey)
        && MessageDigest.isEqual(v.serverKey, serverKey);
  }

  @Override
  public int hashCode() {
    // Keys are left out on purpose: a hash of the secret should not leak through hash-based structures.
    return iterations * 31 + Arrays.hashCode(salt);
  }

  @Override
  public String toString() {
    return "ScramVerifier[iterations=" + iterations + ", salt=<" + salt.length
        + " bytes>, storedKey=<redacted>, serverKey=<redacted>]";
  }
}
