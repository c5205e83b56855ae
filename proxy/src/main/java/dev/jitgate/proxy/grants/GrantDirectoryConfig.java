package dev.jitgate.proxy.grants;

import dev.jitgate.access.model.Grant;
import dev.jitgate.access.rules.GrantRules;
import dev.jitgate.access.service.DefaultAccessService;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * How the {@link GrantDirectory} follows the store.
 *
 * @param credentialRetention how long ended grants stay in the directory (and their credentials in the
 *     store): keep it equal to the control plane's retention ({@link DefaultAccessService#CREDENTIAL_RETENTION})
 * @param pollTimeout the longest single wait for a change; the follower reports a healthy sync at least this often
 * @param batchSize change-feed records read per query
 * @param minBackoff first pause after a store error
 * @param maxBackoff longest pause between retries while the store keeps failing
 */
public record GrantDirectoryConfig(
    Duration credentialRetention, Duration pollTimeout, int batchSize, Duration minBackoff, Duration maxBackoff) {

  public GrantDirectoryConfig {
    positive("credentialRetention", credentialRetention);
    positive("pollTimeout", pollTimeout);
    positive("minBackoff", minBackoff);
    positive("maxBackoff", maxBackoff);
    if (maxBackoff.compareTo(minBackoff) < 0) {
      throw new IllegalArgumentException("maxBackoff must be at least minBackoff");
    }
    if (batchSize < 1 || batchSize > 10_000) {
      throw new IllegalArgumentException("batchSize must be between 1 and 10000");
    }
  }

  /** Seven days' retention, 1 s polls, 500 records per read, retries from 100 ms up to 5 s apart. */
  public static GrantDirectoryConfig defaults() {
    return new GrantDirectoryConfig(DefaultAccessService.CREDENTIAL_RETENTION, Duration.ofSeconds(1), 500,
        Duration.ofMillis(100), Duration.ofSeconds(5));
  }

  /** A copy with another retention. */
  public GrantDirectoryConfig withCredentialRetention(Duration retention) {
    return new GrantDirectoryConfig(retention, pollTimeout, batchSize, minBackoff, maxBackoff);
  }

  /** A copy reading {@code size} change-feed records per query. */
  public GrantDirectoryConfig withBatchSize(int size) {
    return new GrantDirectoryConfig(credentialRetention, pollTimeout, size, minBackoff, maxBackoff);
  }

  /** A copy with other retry pauses. */
  public GrantDirectoryConfig withBackoff(Duration min, Duration max) {
    return new GrantDirectoryConfig(credentialRetention, pollTimeout, batchSize, min, max);
  }

  /** Whether the directory keeps {@code grant} at {@code now}: active, or ended within the retention period. */
  boolean keeps(Grant grant, Instant now) {
    return !GrantRules.credentialRetentionOver(grant, now, credentialRetention);
  }

  private static void positive(String field, Duration value) {
    Objects.requireNonNull(value, field);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(field + " must be positive");
    }
  }
}
