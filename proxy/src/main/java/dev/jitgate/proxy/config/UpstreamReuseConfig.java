package dev.jitgate.proxy.config;

import java.time.Duration;
import java.util.Objects;

/**
 * Whether the proxy keeps an upstream connection after its client logged off, to hand it to the next session
 * for the same upstream (server, database, role) with the same protocol version and startup parameters, as
 * pgbouncer's session mode does. A connection is kept only after a clean end (the client's Terminate, nothing
 * in flight, no transaction open) and only once {@code DISCARD ALL} has reset it; idle ones are closed after
 * {@code idleTimeout}.
 *
 * @param enabled whether connections are kept at all
 * @param idleTimeout how long an unused connection is kept
 * @param maxIdlePerTarget how many unused connections are kept per upstream, protocol version and parameters
 */
public record UpstreamReuseConfig(boolean enabled, Duration idleTimeout, int maxIdlePerTarget) {

  /** No reuse: every session opens and closes its own upstream connection. */
  public static final UpstreamReuseConfig DISABLED = new UpstreamReuseConfig(false, Duration.ofSeconds(60), 16);

  public UpstreamReuseConfig {
    Objects.requireNonNull(idleTimeout, "idleTimeout");
    if (idleTimeout.isNegative() || idleTimeout.isZero()) {
      throw new IllegalArgumentException("upstream-reuse.idle-timeout must be positive");
    }
    if (maxIdlePerTarget < 1) {
      throw new IllegalArgumentException("upstream-reuse.max-idle-per-target must be at least 1");
    }
  }
}
