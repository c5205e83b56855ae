package dev.jitgate.app.config;

import dev.jitgate.pg.PgCodecConfig;
import dev.jitgate.proxy.audit.AuditSettings;
import dev.jitgate.proxy.config.LimitsConfig;
import dev.jitgate.proxy.config.ListenerConfig;
import dev.jitgate.proxy.config.ProxyConfig;
import dev.jitgate.proxy.config.RouteConfig;
import dev.jitgate.proxy.config.StartupParameterPolicy;
import dev.jitgate.proxy.config.UpstreamReuseConfig;
import dev.jitgate.proxy.config.UserConfig;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/** Reads the {@code proxy} section into a {@link ProxyRoleConfig}. */
final class ProxyReader {

  private ProxyReader() {}

  /**
   * Reads the section.
   *
   * @param proxy the {@code proxy} section
   * @param store the root {@code store} key, which grant mode requires
   */
  static Optional<ProxyRoleConfig> read(ConfigNode proxy, ConfigNode store, SecretResolver secrets,
      Supplier<String> hostName) {
    int before = proxy.errorCount();
    String name = proxy.get("name").string(null);
    int workerThreads = proxy.get("worker-threads").integer(0, 0, 4096);
    Optional<ListenerConfig> listener = ListenerReader.read(proxy.get("listen"));
    ConfigNode usersKey = proxy.get("users");
    ConfigNode routesKey = proxy.get("routes");
    ConfigNode accessKey = proxy.get("access");
    ProxyAccess.Kind defaultKind = usersKey.isSet() || routesKey.isSet() ? ProxyAccess.Kind.STATIC
        : ProxyAccess.Kind.GRANTS;
    ProxyAccess.Kind kind = accessKey.choice(defaultKind, ProxyAccess.Kind.values(), ProxyAccess.Kind::configName);
    List<UserConfig> users = List.of();
    List<RouteConfig> routes = List.of();
    Optional<ProxyAccess> access = switch (kind) {
      case STATIC -> {
        users = UsersReader.read(usersKey, secrets);
        routes = RoutesReader.read(routesKey, secrets);
        ConfigNode jit = proxy.get("jit");
        if (jit.isSet()) {
          jit.warn("ignored because proxy.access is static (jit settings apply to grant mode)");
        }
        yield Optional.of(new ProxyAccess.Static());
      }
      case GRANTS -> {
        for (ConfigNode key : List.of(usersKey, routesKey)) {
          if (key.isSet()) {
            key.error("must be absent when proxy.access is grants: engineers log in with grant credentials"
                + " (jitgate credentials) and integrations say where databases are; remove it, or set"
                + " proxy.access: static");
          }
        }
        if (!store.isSet()) {
          store.error("is required: proxy.access is grants" + (accessKey.isSet() ? ""
              : " (the default when proxy.users and proxy.routes are absent)")
              + ", so the proxy reads grants from the control-plane store that jitgate admin uses; add e.g."
              + " store: {sqlite: {path: ./jitgate-state/jitgate.db}}, or give proxy.users and proxy.routes"
              + " for static access");
        }
        yield JitReader.read(proxy.get("jit")).map(ProxyAccess.Grants::new);
      }
    };
    LimitsConfig limits = limits(proxy.get("limits"));
    UpstreamReuseConfig reuse = upstreamReuse(proxy.get("upstream-reuse"));
    StartupParameterPolicy parameters = parameters(proxy.get("startup-parameters").get("allow"));
    PgCodecConfig codec = codec(proxy.get("codec"));
    ConfigNode auditKey = proxy.get("audit");
    Optional<AuditSettings> audit = auditKey.isSet() ? AuditReaders.proxyAudit(auditKey, secrets) : Optional.empty();
    if (proxy.errorCount() > before || listener.isEmpty() || access.isEmpty()
        || auditKey.isSet() && audit.isEmpty()) {
      return Optional.empty();
    }
    ProxyConfig config = new ProxyConfig(listener.get(), users, routes, limits, parameters, codec,
        name != null ? name : hostName.get(), reuse);
    return Optional.of(new ProxyRoleConfig(config, workerThreads, access.get(), audit));
  }

  private static UpstreamReuseConfig upstreamReuse(ConfigNode reuse) {
    UpstreamReuseConfig d = UpstreamReuseConfig.DISABLED;
    return new UpstreamReuseConfig(
        reuse.get("enabled").bool(d.enabled()),
        reuse.get("idle-timeout").duration(d.idleTimeout(), Duration.ofMillis(1)),
        reuse.get("max-idle-per-target").integer(d.maxIdlePerTarget(), 1, 10_000));
  }

  private static LimitsConfig limits(ConfigNode limits) {
    LimitsConfig d = LimitsConfig.DEFAULTS;
    return new LimitsConfig(
        limits.get("max-connections").integer(d.maxConnections(), 1, 1_000_000),
        limits.get("max-connections-per-user").integer(d.maxConnectionsPerUser(), 0, 1_000_000),
        limits.get("login-timeout").duration(d.loginTimeout(), Duration.ofMillis(1)),
        limits.get("idle-timeout").duration(d.idleTimeout(), Duration.ZERO),
        limits.get("shutdown-grace").duration(d.shutdownGrace(), Duration.ZERO),
        limits.get("auth-failure-delay").duration(d.authFailureDelay(), Duration.ZERO));
  }

  private static StartupParameterPolicy parameters(ConfigNode allow) {
    if (!allow.isSet()) {
      return StartupParameterPolicy.DEFAULT;
    }
    List<String> names = allow.strings(List.of());
    for (int i = 0; i < names.size(); i++) {
      String lower = names.get(i).toLowerCase(Locale.ROOT);
      if (StartupParameterPolicy.NEVER_FORWARDED.contains(lower) || lower.startsWith("_pq_.")) {
        allow.elements().get(i).warn("\"" + names.get(i) + "\" is never forwarded; remove it");
      }
    }
    return new StartupParameterPolicy(new HashSet<>(names));
  }

  /** Each limit is checked by {@link PgCodecConfig} itself, one at a time, so errors name the key. */
  private static PgCodecConfig codec(ConfigNode codec) {
    PgCodecConfig d = PgCodecConfig.DEFAULTS;
    int startup = limit(codec.get("max-startup-packet-length"), d.maxStartupPacketLength(),
        v -> new PgCodecConfig(v, d.maxAuthMessageLength(), d.maxFrontendMessageLength(),
            d.maxBackendMessageLength(), d.maxInspectedBytes()));
    int auth = limit(codec.get("max-auth-message-length"), d.maxAuthMessageLength(),
        v -> new PgCodecConfig(d.maxStartupPacketLength(), v, d.maxFrontendMessageLength(),
            d.maxBackendMessageLength(), d.maxInspectedBytes()));
    int frontend = limit(codec.get("max-frontend-message-length"), d.maxFrontendMessageLength(),
        v -> new PgCodecConfig(d.maxStartupPacketLength(), d.maxAuthMessageLength(), v,
            d.maxBackendMessageLength(), d.maxInspectedBytes()));
    int backend = limit(codec.get("max-backend-message-length"), d.maxBackendMessageLength(),
        v -> new PgCodecConfig(d.maxStartupPacketLength(), d.maxAuthMessageLength(), d.maxFrontendMessageLength(),
            v, d.maxInspectedBytes()));
    int inspected = limit(codec.get("max-inspected-bytes"), d.maxInspectedBytes(),
        v -> new PgCodecConfig(d.maxStartupPacketLength(), d.maxAuthMessageLength(), d.maxFrontendMessageLength(),
            d.maxBackendMessageLength(), v));
    return new PgCodecConfig(startup, auth, frontend, backend, inspected);
  }

  private static int limit(ConfigNode key, int defaultValue, IntFunction<PgCodecConfig> check) {
    int value = key.integer(defaultValue, 0, Integer.MAX_VALUE);
    try {
      check.apply(value);
      return value;
    } catch (IllegalArgumentException e) {
      String message = e.getMessage();
      int space = message.indexOf(' ');
      key.error(message.startsWith("max") && space > 0 ? message.substring(space + 1) : message);
      return defaultValue;
    }
  }
}
