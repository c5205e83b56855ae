package dev.jitgate.app.config;

import dev.jitgate.proxy.config.RouteConfig;
import dev.jitgate.proxy.config.Secret;
import dev.jitgate.proxy.config.UpstreamAuthMethod;
import dev.jitgate.proxy.config.UpstreamConfig;
import dev.jitgate.proxy.tls.UpstreamSslMode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads {@code proxy.routes}: which upstream server each database name leads to, and how to log in there. */
final class RoutesReader {

  static final int DEFAULT_PORT = 5432;
  static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

  private RoutesReader() {}

  static List<RouteConfig> read(ConfigNode routes, SecretResolver secrets) {
    List<RouteConfig> result = new ArrayList<>();
    Map<String, ConfigPath> seen = new HashMap<>();
    List<ConfigNode> elements = routes.elements();
    if (elements.isEmpty() && (!routes.isSet() || routes.isList())) {
      routes.error("at least one route is required (database and upstream)");
    }
    for (ConfigNode route : elements) {
      int before = route.errorCount();
      ConfigNode databaseKey = route.get("database");
      Optional<String> database = databaseKey.requiredString();
      database.ifPresent(d -> {
        ConfigPath previous = seen.putIfAbsent(d, databaseKey.path());
        if (previous != null) {
          databaseKey.error("database \"" + d + "\" is already routed at " + previous);
        }
      });
      ConfigNode upstreamKey = route.get("upstream");
      if (!upstreamKey.isSet()) {
        upstreamKey.error("is required (host, user, password, ...)");
      }
      Optional<UpstreamConfig> upstream = upstream(upstreamKey, database.orElse(""), secrets);
      if (route.errorCount() == before && database.isPresent() && upstream.isPresent()) {
        result.add(new RouteConfig(database.get(), upstream.get()));
      }
    }
    return result;
  }

  private static Optional<UpstreamConfig> upstream(ConfigNode upstream, String routeDatabase, SecretResolver secrets) {
    int before = upstream.errorCount();
    Optional<String> host = upstream.isSet() ? upstream.get("host").requiredString() : Optional.empty();
    int port = upstream.get("port").integer(DEFAULT_PORT, 1, 65535);
    String database = upstream.get("database").string(routeDatabase);
    Optional<String> user = upstream.isSet() ? upstream.get("user").requiredString() : Optional.empty();
    ConfigNode sslModeKey = upstream.get("sslmode");
    UpstreamSslMode sslMode =
        sslModeKey.choice(UpstreamSslMode.VERIFY_FULL, UpstreamSslMode.values(), UpstreamSslMode::libpqName);
    Path sslRootCert = upstream.get("sslrootcert").existingFile().orElse(null);
    UpstreamAuthMethod minimumAuth = upstream.get("minimum-auth")
        .choice(UpstreamAuthMethod.SCRAM_SHA_256, UpstreamAuthMethod.values(), UpstreamAuthMethod::configName);
    Duration connectTimeout = upstream.get("connect-timeout").duration(DEFAULT_CONNECT_TIMEOUT, Duration.ofMillis(1));
    ConfigNode passwordKey = upstream.get("password");
    Secret password = null;
    if (passwordKey.isSet()) {
      password = secrets.resolve(passwordKey).orElse(null);
    } else if (upstream.isSet() && minimumAuth != UpstreamAuthMethod.TRUST) {
      passwordKey.error("is required unless minimum-auth is trust (" + SecretResolver.FORMS + ")");
    }
    if (!sslMode.verifiesChain() && upstream.isSet()) {
      sslModeKey.warn(sslMode.libpqName() + " does not verify the server certificate; use verify-full");
    }
    if (upstream.errorCount() > before || host.isEmpty() || user.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new UpstreamConfig(host.get(), port, database, user.get(), password, sslMode, sslRootCert,
        minimumAuth, connectTimeout));
  }
}
