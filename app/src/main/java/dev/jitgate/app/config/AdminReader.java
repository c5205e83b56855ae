package dev.jitgate.app.config;

import dev.jitgate.access.model.InvalidFieldException;
import dev.jitgate.access.model.Names;
import dev.jitgate.access.model.SslMode;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import java.util.Optional;

/** Reads the {@code admin} section: the admin API's listener, limits, OIDC and advertised proxy endpoint. */
final class AdminReader {

  static final int MIN_BODY_BYTES = 1024;
  static final int MAX_BODY_BYTES = 256 * 1024 * 1024;

  private AdminReader() {}

  static Optional<AdminRoleConfig> read(ConfigNode admin, SecretResolver secrets) {
    int before = admin.errorCount();
    ConfigNode listen = admin.get("listen");
    ConfigNode hostKey = listen.get("host");
    String host = hostKey.string(AdminRoleConfig.DEFAULT_HOST).strip();
    int port = listen.get("port").integer(AdminRoleConfig.DEFAULT_PORT, 0, 65535);
    int maxBody = admin.get("max-body-bytes")
        .integer((int) AdminRoleConfig.DEFAULT_MAX_BODY_BYTES, MIN_BODY_BYTES, MAX_BODY_BYTES);
    String bootstrapAdmin = principal(admin.get("bootstrap-admin"), AdminRoleConfig.DEFAULT_BOOTSTRAP_ADMIN);
    Optional<OidcConfig> oidc = admin.get("oidc").isSet() ? oidc(admin.get("oidc")) : Optional.empty();
    ConfigNode endpointKey = admin.get("proxy-endpoint");
    Optional<ProxyEndpointConfig> endpoint = endpointKey.isSet() ? endpoint(endpointKey) : Optional.empty();
    Optional<AdminAuditConfig> audit = AuditorReader.adminAudit(admin.get("audit"), secrets);
    if (admin.errorCount() > before || audit.isEmpty()) {
      return Optional.empty();
    }
    if (!isLoopback(host)) {
      hostKey.warn("the admin API speaks plain HTTP; outside localhost put a TLS-terminating proxy in front of it");
    }
    return Optional.of(new AdminRoleConfig(host, port, maxBody, bootstrapAdmin, oidc, endpoint, audit.get()));
  }

  private static Optional<OidcConfig> oidc(ConfigNode oidc) {
    int before = oidc.errorCount();
    Optional<String> issuer = oidc.get("issuer").requiredString().map(String::strip);
    Optional<URI> jwks = oidc.get("jwks-url").requiredString().flatMap(text -> httpUri(oidc.get("jwks-url"), text));
    Optional<String> audience = oidc.get("audience").requiredString().map(String::strip);
    String principalClaim = oidc.get("principal-claim").string(OidcConfig.DEFAULT_PRINCIPAL_CLAIM).strip();
    String groupsClaim = oidc.get("groups-claim").string(OidcConfig.DEFAULT_GROUPS_CLAIM).strip();
    ConfigNode mappingKey = oidc.get("group-mapping");
    Map<String, String> mapping = mappingKey.stringMap();
    mapping.forEach((claim, group) -> {
      try {
        Names.principal("group", group);
      } catch (InvalidFieldException e) {
        mappingKey.get(claim).error("\"" + group + "\" is not a valid group name: " + e.reason());
      }
    });
    if (oidc.errorCount() > before || issuer.isEmpty() || jwks.isEmpty() || audience.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new OidcConfig(issuer.get(), jwks.get(), audience.get(), principalClaim, groupsClaim, mapping));
  }

  private static Optional<URI> httpUri(ConfigNode key, String text) {
    URI uri;
    try {
      uri = new URI(text.strip());
    } catch (URISyntaxException e) {
      key.error("\"" + text + "\" is not a URL");
      return Optional.empty();
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme();
    if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null) {
      key.error("\"" + text + "\" is not an http(s) URL, e.g. https://idp.example.com/.well-known/jwks.json");
      return Optional.empty();
    }
    if (scheme.equals("http") && !isLoopback(uri.getHost())) {
      key.warn("signing keys fetched over plain HTTP can be tampered with; use https");
    }
    return Optional.of(uri);
  }

  private static Optional<ProxyEndpointConfig> endpoint(ConfigNode endpoint) {
    int before = endpoint.errorCount();
    ConfigNode hostKey = endpoint.get("host");
    Optional<String> host = hostKey.requiredString().map(String::strip);
    if (host.isPresent() && host.get().chars().anyMatch(c -> c <= ' ' || c == '"' || c == '\'' || c == '\\' || c == '/')) {
      hostKey.error("\"" + host.get() + "\" is not a host name or address");
    }
    int port = endpoint.get("port").integer(ProxyEndpointConfig.DEFAULT_PORT, 1, 65535);
    SslMode sslMode = endpoint.get("sslmode").choice(SslMode.VERIFY_FULL, SslMode.values(), SslMode::wireName);
    if (endpoint.errorCount() > before || host.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new ProxyEndpointConfig(host.get(), port, sslMode.wireName()));
  }

  private static String principal(ConfigNode key, String defaultValue) {
    String name = key.string(defaultValue).strip();
    try {
      return Names.principal("bootstrap-admin", name);
    } catch (InvalidFieldException e) {
      key.error("\"" + name + "\" is not a valid user name: " + e.reason());
      return defaultValue;
    }
  }

  private static boolean isLoopback(String host) {
    String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    if (h.equals("localhost")) {
      return true;
    }
    if (!h.matches("[0-9.]+|[0-9a-fA-F:]+")) {
      return false; // a name: do not resolve it while reading the configuration
    }
    try {
      return InetAddress.getByName(h).isLoopbackAddress();
    } catch (java.net.UnknownHostException e) {
      return false;
    }
  }
}
