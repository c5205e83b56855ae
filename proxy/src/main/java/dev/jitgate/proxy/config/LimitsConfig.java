package dev.jitgate.proxy.config;

import java.time.Duration;
import java.util.Objects;

/**
 * Timeouts and connection limits.
 *
 * @param maxConnections client connections at once, all users (beyond: FATAL 53300)
 * @param maxConnectionsPerUser authenticated sessions at once per user, 0 for no per-user limit
 * @param loginTimeout time from accept to a ready session (TLS, startup, authentication, upstream)
 * @param idleTimeout a session idle at ReadyForQuery this long is closed with FATAL 57P05; zero disables
 * @param shutdownGrace how long a graceful shutdown waits for sessions to end before FATAL 57P01
 * @param authFailureDelay pause before reporting a failed authentication, to slow password guessing
 */
public record LimitsConfig(
    int maxConnections,
    int maxConnectionsPerUser,
    Duration loginTimeout,
    Duration idleTimeout,
    Duration shutdownGrace,
    Duration authFailureDelay) {

  public static final LimitsConfig DEFAULTS =
      new LimitsConfig(1000, 0, Duration.ofSeconds(30), Duration.ofHours(1), Duration.ofSeconds(30), Duration.ofMillis(500));

  public LimitsConfig {
    Objects.requireNonNull(loginTimeout, "loginTimeout");
    Objects.requireNonNull(idleTimeout, "idleTimeout");
    Objects.requireNonNull(shutdownGrace, "shutdownGrace");
    Objects.requireNonNull(authFailureDelay, "authFailureDelay");
    if (maxConnections < 1) {
      throw new IllegalArgumentException("limits.max-connections must be at least 1");
    }
    if (maxConnectionsPerUser < 0) {
      throw new IllegalArgumentException("limits.max-connections-per-user must be 0 (no limit) or more");
    }
    if (loginTimeout.isNegative() || loginTimeout.isZero()) {
      throw new IllegalArgumentException("limits.login-timeout must be positive");
    }
    if (idleTimeout.isNegative() || shutdownGrace.isNegative() || authFailureDelay.isNegative()) {
      throw new IllegalArgumentException("limits: durations must not be negative");
    }
  }
}
