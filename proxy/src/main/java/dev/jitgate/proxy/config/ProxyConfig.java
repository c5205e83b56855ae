package dev.jitgate.proxy.config;

import dev.jitgate.pg.PgCodecConfig;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Everything the proxy needs to run, validated on construction. The app module builds it from YAML;
 * tests build it in code.
 *
 * @param listener where to listen and client-facing TLS
 * @param users the clients the proxy authenticates (until grants exist)
 * @param routes database name → upstream server
 * @param limits timeouts and connection limits
 * @param parameters startup parameter forwarding policy
 * @param codec protocol limits
 * @param proxyName name of this proxy instance in logs and metrics
 * @param upstreamReuse whether upstream connections are kept for later sessions
 */
public record ProxyConfig(
    ListenerConfig listener,
    List<UserConfig> users,
    List<RouteConfig> routes,
    LimitsConfig limits,
    StartupParameterPolicy parameters,
    PgCodecConfig codec,
    String proxyName,
    UpstreamReuseConfig upstreamReuse) {

  /** A configuration without upstream connection reuse. */
  public ProxyConfig(ListenerConfig listener, List<UserConfig> users, List<RouteConfig> routes, LimitsConfig limits,
      StartupParameterPolicy parameters, PgCodecConfig codec, String proxyName) {
    this(listener, users, routes, limits, parameters, codec, proxyName, UpstreamReuseConfig.DISABLED);
  }

  public ProxyConfig {
    Objects.requireNonNull(listener, "listener");
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(parameters, "parameters");
    Objects.requireNonNull(codec, "codec");
    Objects.requireNonNull(proxyName, "proxyName");
    Objects.requireNonNull(upstreamReuse, "upstreamReuse");
    users = List.copyOf(users);
    routes = List.copyOf(routes);
    Set<String> seen = new HashSet<>();
    for (UserConfig u : users) {
      if (!seen.add(u.name())) {
        throw new IllegalArgumentException("users: \"" + u.name() + "\" is defined twice");
      }
    }
    seen.clear();
    for (RouteConfig r : routes) {
      if (!seen.add(r.database())) {
        throw new IllegalArgumentException("routes: database \"" + r.database() + "\" is routed twice");
      }
    }
  }
}
