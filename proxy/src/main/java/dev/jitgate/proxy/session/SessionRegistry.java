package dev.jitgate.proxy.session;

import dev.jitgate.pg.SqlState;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The proxy's open client connections: enforces the global and per-user limits, lets a graceful
 * shutdown reach every session, and finds the sessions of an access grant when it ends. Thread-safe; sessions on different event loops register here.
 */
public final class SessionRegistry {

  private final int maxConnections;
  private final int maxPerUser;
  private final Set<ClientSession> open = ConcurrentHashMap.newKeySet();
  private final AtomicInteger count = new AtomicInteger();
  private final ConcurrentHashMap<String, AtomicInteger> perUser = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Set<ClientSession>> byGrant = new ConcurrentHashMap<>();
  /** Grants already terminated (id → when), so a session admitted just before cannot attach after. */
  private final ConcurrentHashMap<String, Long> endedGrants = new ConcurrentHashMap<>();
  private static final int ENDED_GRANTS_KEPT = 10_000;

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

  /**
   * Records that {@code session} runs under grant {@code grantId}; false when that grant was already
   * terminated (the session must then end).
   */
  boolean attachGrant(ClientSession session, String grantId) {
    byGrant.computeIfAbsent(grantId, g -> ConcurrentHashMap.newKeySet()).add(session);
    if (endedGrants.containsKey(grantId)) {
      detachGrant(session, grantId);
      return false;
    }
    return true;
  }

  /** Forgets the grant of a closed session. */
  void detachGrant(ClientSession session, String grantId) {
    byGrant.computeIfPresent(grantId, (g, sessions) -> {
      sessions.remove(session);
      return sessions.isEmpty() ? null : sessions;
    });
  }

  /**
   * Ends every session under grant {@code grantId} with a FATAL error ({@code sqlState}, {@code message})
   * and refuses sessions that try to attach to it later. Returns how many sessions were told to end.
   */
  public int terminateGrant(String grantId, SqlState sqlState, String message) {
    if (endedGrants.size() >= ENDED_GRANTS_KEPT) {
      long oldest = System.nanoTime() - java.util.concurrent.TimeUnit.HOURS.toNanos(1);
      endedGrants.values().removeIf(t -> t - oldest < 0);
      if (endedGrants.size() >= ENDED_GRANTS_KEPT) {
        endedGrants.clear();
      }
    }
    endedGrants.put(grantId, System.nanoTime());
    Set<ClientSession> sessions = byGrant.remove(grantId);
    if (sessions == null) {
      return 0;
    }
    sessions.forEach(s -> s.terminate(sqlState, message, dev.jitgate.audit.event.EndReason.REVOKED));
    return sessions.size();
  }

  /** Sessions running under grant {@code grantId} right now. */
  public int sessionsOfGrant(String grantId) {
    Set<ClientSession> sessions = byGrant.get(grantId);
    return sessions == null ? 0 : sessions.size();
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
