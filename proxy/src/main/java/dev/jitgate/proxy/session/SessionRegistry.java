package dev.jitgate.proxy.session;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The proxy's open client connections: enforces the global and per-user limits and lets a graceful
 * shutdown reach every session. Thread-safe; sessions on different event loops register here.
 */
public final class SessionRegistry {

  private final int maxConnections;
  private final int maxPerUser;
  private final Set<ClientSession> open = ConcurrentHashMap.newKeySet();
  private final AtomicInteger count = new AtomicInteger();
  private final ConcurrentHashMap<String, AtomicInteger> perUser = new ConcurrentHashMap<>();

  /**
   * @param maxConnections connections at once, all users
   * @param maxPerUser authenticated sessions at once per user; 0 for no limit
   */
  public SessionRegistry(int maxConnections, int maxPerUser) {
    this.maxConnections = maxConnections;
    this.maxPerUser = maxPerUser;
  }

  /** Registers a connection unless the global limit is reached. */
  boolean tryOpen(ClientSession session) {
    while (true) {
      int n = count.get();
      if (n >= maxConnections) {
        return false;
      }
      if (count.compareAndSet(n, n + 1)) {
        open.add(session);
        return true;
      }
    }
  }

  /** Unregisters a connection registered by {@link #tryOpen}. */
  void close(ClientSession session) {
    if (open.remove(session)) {
      count.decrementAndGet();
    }
  }

  /** Counts an authenticated session of {@code user} unless that user's limit is reached. */
  boolean tryAcquireUser(String user) {
    AtomicInteger n = perUser.computeIfAbsent(user, u -> new AtomicInteger());
    if (maxPerUser > 0 && n.incrementAndGet() > maxPerUser) {
      n.decrementAndGet();
      return false;
    }
    if (maxPerUser == 0) {
      n.incrementAndGet();
    }
    return true;
  }

  /** Releases a count taken by {@link #tryAcquireUser}. */
  void releaseUser(String user) {
    perUser.computeIfPresent(user, (u, n) -> n.decrementAndGet() <= 0 ? null : n);
  }

  /** Open connections right now. */
  public int size() {
    return count.get();
  }

  /** A snapshot of the open connections. */
  public List<ClientSession> snapshot() {
    return new ArrayList<>(open);
  }
}
