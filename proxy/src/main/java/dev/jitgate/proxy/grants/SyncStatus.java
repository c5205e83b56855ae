package dev.jitgate.proxy.grants;

import java.time.Duration;
import java.time.Instant;

/**
 * How well the {@link GrantDirectory} keeps up with the store, for metrics and readiness checks.
 *
 * @param loaded whether the initial load has completed (before that, every lookup finds nothing)
 * @param version the change-feed version the current snapshot reflects
 * @param storeVersion the store's version when last asked (at least {@code version} while healthy)
 * @param lastSuccess when the follower last talked to the store successfully; null before the first time
 * @param consecutiveFailures store errors since the last success
 * @param lastError the type and message of the last store error (never entity contents); empty if none
 */
public record SyncStatus(
    boolean loaded, long version, long storeVersion, Instant lastSuccess, int consecutiveFailures,
    String lastError) {

  /** How long ago the last successful sync was, as of {@code now}; the time since start before the first. */
  public Duration lag(Instant now, Instant startedAt) {
    Instant since = lastSuccess == null ? startedAt : lastSuccess;
    Duration lag = Duration.between(since, now);
    return lag.isNegative() ? Duration.ZERO : lag;
  }

  /** Change-feed versions the snapshot is behind the store (as last seen). */
  public long versionsBehind() {
    return Math.max(0, storeVersion - version);
  }
}
