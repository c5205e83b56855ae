package dev.jitgate.proxy.testing;

import dev.jitgate.proxy.config.ClientTlsConfig;
import dev.jitgate.proxy.config.LimitsConfig;
import dev.jitgate.proxy.config.ListenerConfig;
import dev.jitgate.proxy.config.ProxyConfig;
import dev.jitgate.proxy.config.RouteConfig;
import dev.jitgate.proxy.config.UpstreamConfig;
import dev.jitgate.proxy.config.UpstreamReuseConfig;
import dev.jitgate.proxy.tls.ClientTlsMode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/** Small copy-with-change helpers for {@link ProxyConfig} records in tests. */
public final class ProxyConfigs {

  private ProxyConfigs() {}

  public static ProxyConfig withTlsMode(ProxyConfig c, ClientTlsMode mode) {
    ClientTlsConfig t = c.listener().tls();
    return new ProxyConfig(
        new ListenerConfig(c.listener().host(), c.listener().port(),
            new ClientTlsConfig(mode, t.certificateChain(), t.privateKey(), t.devCaDirectory(), t.serverNames(), t.directTls())),
        c.users(), c.routes(), c.limits(), c.parameters(), c.codec(), c.proxyName(), c.upstreamReuse());
  }

  public static ProxyConfig withLimits(ProxyConfig c, LimitsConfig limits) {
    return new ProxyConfig(c.listener(), c.users(), c.routes(), limits, c.parameters(), c.codec(), c.proxyName(),
        c.upstreamReuse());
  }

  /** The configuration with upstream connection reuse set to {@code reuse}. */
  public static ProxyConfig withUpstreamReuse(ProxyConfig c, UpstreamReuseConfig reuse) {
    return new ProxyConfig(c.listener(), c.users(), c.routes(), c.limits(), c.parameters(), c.codec(), c.proxyName(),
        reuse);
  }

  /** Adds a route {@code database} → the default route's upstream changed by {@code change}. */
  public static ProxyConfig withExtraRoute(ProxyConfig c, String database, UnaryOperator<UpstreamConfig> change) {
    List<RouteConfig> routes = new ArrayList<>(c.routes());
    routes.add(new RouteConfig(database, change.apply(c.routes().get(0).upstream())));
    return new ProxyConfig(c.listener(), c.users(), routes, c.limits(), c.parameters(), c.codec(), c.proxyName(),
        c.upstreamReuse());
  }
}
