package dev.jitgate.app.runtime;

import java.net.InetSocketAddress;
import java.util.Optional;

/**
 * Where a started proxy role can be reached (useful when the configuration asked for port 0).
 *
 * @param proxy the PostgreSQL listener
 * @param metrics the HTTP endpoint for {@code /metrics} and {@code /healthz}, when enabled
 */
public record RunningEndpoints(InetSocketAddress proxy, Optional<InetSocketAddress> metrics) {}
