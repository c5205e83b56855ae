package dev.jitgate.proxy.upstream;

import dev.jitgate.proxy.config.RouteConfig;
import dev.jitgate.proxy.config.UpstreamConfig;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** {@link UpstreamResolver} over the routes of the configuration file: any user, by database name. */
public final class StaticRoutes implements UpstreamResolver {

  private final Map<String, UpstreamConfig> byDatabase;

  public StaticRoutes(List<RouteConfig> routes) {
    this.byDatabase = routes.stream().collect(Collectors.toUnmodifiableMap(RouteConfig::database, RouteConfig::upstream));
  }

  @Override
  public Optional<UpstreamConfig> resolve(String user, String database) {
    return Optional.ofNullable(byDatabase.get(database));
  }
}
