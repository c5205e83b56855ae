package dev.jitgate.pg.scram;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Remembers the ClientKey and ServerKey a SCRAM client derived for a (password, salt, iteration count),
 * so that repeated logins with the same credentials skip the deliberately slow PBKDF2 step (4096
 * HMAC-SHA-256 rounds by default). The server's salt only changes when the role's password does, so a
 * proxy logging in to the same upstream role many times pays for the derivation once.
 *
 * <p>Holds derived keys, which are as sensitive as the password itself; entries are looked up by a
 * SHA-256 of the password, never by the password. Bounded (least recently used entries go first) and
 * thread-safe.
 */
public final class ScramKeyCache {

  /** The two keys a client needs; {@code StoredKey} is the SHA-256 of the first. */
  record Keys(byte[] clientKey, byte[] serverKey) {}

  private record CacheKey(String passwordHash, String salt, int iterations) {}

  private final int maxEntries;
  private final Map<CacheKey, Keys> entries;

  /** @param maxEntries how many (password, salt, iterations) combinations to keep */
  public ScramKeyCache(int maxEntries) {
    if (maxEntries < 1) {
      throw new IllegalArgumentException("maxEntries must be at least 1");
    }
    this.maxEntries = maxEntries;
    this.entries =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<CacheKey, Keys> eldest) {
            return size() > ScramKeyCache.this.maxEntries;
          }
        };
  }

  /** The keys for an already SASLprep'ed password, derived now or taken from the cache. */
  Keys keys(String preparedPassword, byte[] salt, int iterations) {
    Base64.Encoder b64 = Base64.getEncoder();
    CacheKey entry =
        new CacheKey(
            b64.encodeToString(ScramCrypto.sha256(preparedPassword.getBytes(StandardCharsets.UTF_8))),
            b64.encodeToString(salt),
            iterations);
    synchronized (entries) {
      Keys cached = entries.get(entry);
      if (cached != null) {
        return cached;
      }
    }
    Keys derived = derive(preparedPassword, salt, iterations);
    synchronized (entries) {
      entries.putIfAbsent(entry, derived);
    }
    return derived;
  }

  static Keys derive(String preparedPassword, byte[] salt, int iterations) {
    byte[] salted = ScramCrypto.saltedPassword(preparedPassword, salt, iterations);
    try {
      return new Keys(ScramCrypto.clientKey(salted), ScramCrypto.serverKey(salted));
    } finally {
      java.util.Arrays.fill(salted, (byte) 0);
    }
  }

  /** Entries held now. */
  public int size() {
    synchronized (entries) {
      return entries.size();
    }
  }

  @Override
  public String toString() {
    return "ScramKeyCache[" + size() + " entries]";
  }
}
