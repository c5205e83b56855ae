package dev.jitgate.proxy.config;

import java.util.Objects;

/**
 * Maps the database name a client asks for to an upstream server. Stands in for grant-based routing
 * until the access control plane exists.
 */
public record RouteConfig(String database, UpstreamConfig upstream) {
  public RouteConfig {
    Objects.requireNonNull(database, "database");
    Objects.requireNonNull(upstream, "upstream");
  }
}
