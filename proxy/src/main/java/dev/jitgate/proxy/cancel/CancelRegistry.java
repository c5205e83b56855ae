package dev.jitgate.proxy.cancel;

import dev.jitgate.pg.Bytes;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Issues the proxy's cancel keys and finds the session a CancelRequest names. Keys are random (process
 * ids unique among live sessions), compared in constant time; an unknown or wrong key finds nothing.
 * Thread-safe.
 */
public final class CancelRegistry {

  private record Entry(CancelKey key, CancelTarget target) {}

  private final ConcurrentHashMap<Integer, Entry> byProcessId = new ConcurrentHashMap<>();
  private final SecureRandom random;

  public CancelRegistry(SecureRandom random) {
    this.random = random;
  }

  /**
   * Issues a fresh key of {@code secretLength} bytes (4 for protocol 3.0, 32 for 3.2) for {@code target}.
   */
  public CancelKey register(CancelTarget target, int secretLength) {
    byte[] secret = new byte[secretLength];
    random.nextBytes(secret);
    while (true) {
      int pid = random.nextInt(1, Integer.MAX_VALUE);
      CancelKey key = new CancelKey(pid, Bytes.of(secret));
      if (byProcessId.putIfAbsent(pid, new Entry(key, target)) == null) {
        return key;
      }
    }
  }

  /** Forgets {@code key}; later CancelRequests quoting it find nothing. */
  public void unregister(CancelKey key) {
    byProcessId.computeIfPresent(key.processId(), (pid, e) -> e.key().equals(key) ? null : e);
  }

  /** The session for ({@code processId}, {@code secret}), if both match a live key. */
  public Optional<CancelTarget> find(int processId, Bytes secret) {
    Entry e = byProcessId.get(processId);
    if (e == null) {
      return Optional.empty();
    }
    return e.key().secret().equalsConstantTime(secret) ? Optional.of(e.target()) : Optional.empty();
  }

  /** Live keys, for metrics and tests. */
  public int size() {
    return byProcessId.size();
  }
}
