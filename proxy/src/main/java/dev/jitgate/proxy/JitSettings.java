package dev.jitgate.proxy;

import dev.jitgate.proxy.grants.GrantDirectoryConfig;
import dev.jitgate.proxy.provision.GrantRoleSpec;
import dev.jitgate.proxy.provision.ManagedRoleNames;
import java.time.Duration;
import java.util.Objects;

/**
 * How the just-in-time proxy provisions and reconciles grant roles.
 *
 * @param connectionLimit {@code CONNECTION LIMIT} of every grant role, 1..10000 (default 10)
 * @param reconcileInterval how often roles are reconciled with active grants (default 5 min; also at start)
 * @param upstreamConnectTimeout TCP connect plus login limit for upstream sessions (default 10 s)
 * @param provisioningThreads threads that talk to databases as the connector (default 4)
 * @param roleNames the NOLOGIN roles jitgate keeps in each server ({@code jitgate_*} by default)
 * @param directory how the grant directory follows the control plane
 */
public record JitSettings(
    int connectionLimit,
    Duration reconcileInterval,
    Duration upstreamConnectTimeout,
    int provisioningThreads,
    ManagedRoleNames roleNames,
    GrantDirectoryConfig directory) {

  /** The defaults listed above. */
  public static final JitSettings DEFAULTS = new JitSettings(10, Duration.ofMinutes(5), Duration.ofSeconds(10), 4,
      ManagedRoleNames.DEFAULT, GrantDirectoryConfig.defaults());

  public JitSettings {
    if (connectionLimit < 1 || connectionLimit > GrantRoleSpec.MAX_CONNECTION_LIMIT) {
      throw new IllegalArgumentException("connection-limit must be between 1 and " + GrantRoleSpec.MAX_CONNECTION_LIMIT);
    }
    positive("reconcile-interval", reconcileInterval);
    positive("upstream-connect-timeout", upstreamConnectTimeout);
    if (provisioningThreads < 1 || provisioningThreads > 64) {
      throw new IllegalArgumentException("provisioning-threads must be between 1 and 64");
    }
    Objects.requireNonNull(roleNames, "roleNames");
    Objects.requireNonNull(directory, "directory");
  }

  private static void positive(String key, Duration value) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(key + " must be positive");
    }
  }
}
