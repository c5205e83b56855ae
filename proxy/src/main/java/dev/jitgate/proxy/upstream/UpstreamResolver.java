package dev.jitgate.proxy.upstream;

import dev.jitgate.proxy.config.UpstreamConfig;
import java.util.Optional;

/**
 * Decides which upstream server an authenticated user reaches for the database name they asked for.
 * Static routes now; grants later.
 */
@FunctionalInterface
public interface UpstreamResolver {
  /** The upstream for ({@code user}, {@code database}), or empty when there is none. */
  Optional<UpstreamConfig> resolve(String user, String database);
}
