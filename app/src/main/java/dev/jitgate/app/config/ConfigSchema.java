package dev.jitgate.app.config;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The shape of the configuration file: which keys exist and what each holds. Drives the unknown-key
 * check and the mapping of {@code JITGATE_…} environment variables to keys; the readers give the keys
 * their meaning.
 */
public final class ConfigSchema {

  /** What a key holds. */
  public sealed interface Shape permits Section, ListOf, Scalar, Scalars, ScalarMap {}

  /** A mapping with a fixed set of keys, in documentation order. */
  public record Section(Map<String, Shape> keys) implements Shape {
    public Section {
      keys = Collections.unmodifiableMap(new LinkedHashMap<>(keys));
    }
  }

  /** A list whose elements all have one shape. */
  public record ListOf(Shape element) implements Shape {}

  /** A single value: text, number, boolean or duration. */
  public record Scalar() implements Shape {}

  /** A list of single values. */
  public record Scalars() implements Shape {}

  /** A mapping from free-form keys to single values, e.g. {@code admin.oidc.group-mapping}. */
  public record ScalarMap() implements Shape {}

  private static final Scalar VALUE = new Scalar();
  private static final Scalars VALUES = new Scalars();

  private static final Section TLS = section(
      "mode", VALUE,
      "certificate", VALUE,
      "key", VALUE,
      "dev-ca-directory", VALUE,
      "server-names", VALUES,
      "direct-tls", VALUE);

  private static final Section LISTEN = section("host", VALUE, "port", VALUE, "tls", TLS);

  private static final Section USER = section("name", VALUE, "scram-verifier", VALUE);

  private static final Section UPSTREAM = section(
      "host", VALUE,
      "port", VALUE,
      "database", VALUE,
      "user", VALUE,
      "password", VALUE,
      "sslmode", VALUE,
      "sslrootcert", VALUE,
      "minimum-auth", VALUE,
      "connect-timeout", VALUE);

  private static final Section ROUTE = section("database", VALUE, "upstream", UPSTREAM);

  private static final Section LIMITS = section(
      "max-connections", VALUE,
      "max-connections-per-user", VALUE,
      "login-timeout", VALUE,
      "idle-timeout", VALUE,
      "shutdown-grace", VALUE,
      "auth-failure-delay", VALUE);

  private static final Section CODEC = section(
      "max-startup-packet-length", VALUE,
      "max-auth-message-length", VALUE,
      "max-frontend-message-length", VALUE,
      "max-backend-message-length", VALUE,
      "max-inspected-bytes", VALUE);

  private static final Section JIT = section(
      "connection-limit", VALUE,
      "reconcile-interval", VALUE,
      "upstream-connect-timeout", VALUE,
      "provisioning-threads", VALUE,
      "role-prefix", VALUE);

  private static final Section AUDITOR_TARGET = section("url", VALUE, "token", VALUE);

  /** The proxy's delivery target: the shared keys and the gzip level of its shipper. */
  private static final Section PROXY_AUDITOR_TARGET = section("url", VALUE, "token", VALUE, "gzip-level", VALUE);

  private static final Section PROXY_AUDIT = section(
      "fail-closed", VALUE,
      "spool", section(
          "directory", VALUE,
          "fsync", VALUE,
          "fsync-interval", VALUE,
          "fsync-group-delay", VALUE,
          "max-bytes", VALUE,
          "segment-bytes", VALUE),
      "auditor", PROXY_AUDITOR_TARGET,
      "limits", section(
          "max-sql-chars", VALUE,
          "max-parameter-bytes", VALUE,
          "max-bind-bytes", VALUE,
          "max-prepared-statements", VALUE,
          "max-portals", VALUE));

  private static final Section AUDIT_STORE = section("sqlite", section("path", VALUE));

  private static final Section AUDITOR = section(
      "name", VALUE,
      "listen", VALUE,
      "store", AUDIT_STORE,
      "ingest-tokens", VALUES,
      "max-body-bytes", VALUE,
      "max-decompressed-bytes", VALUE);

  private static final Section PROXY = section(
      "name", VALUE,
      "worker-threads", VALUE,
      "listen", LISTEN,
      "access", VALUE,
      "users", new ListOf(USER),
      "routes", new ListOf(ROUTE),
      "jit", JIT,
      "limits", LIMITS,
      "upstream-reuse", section("enabled", VALUE, "idle-timeout", VALUE, "max-idle-per-target", VALUE),
      "startup-parameters", section("allow", VALUES),
      "codec", CODEC,
      "audit", PROXY_AUDIT);

  private static final Section STORE = section(
      "kind", VALUE,
      "sqlite", section("path", VALUE),
      "postgresql", section(
          "url", VALUE,
          "host", VALUE,
          "port", VALUE,
          "database", VALUE,
          "sslmode", VALUE,
          "user", VALUE,
          "password", VALUE,
          "schema", VALUE,
          "pool-size", VALUE));

  private static final Section OIDC = section(
      "issuer", VALUE,
      "jwks-url", VALUE,
      "audience", VALUE,
      "principal-claim", VALUE,
      "groups-claim", VALUE,
      "group-mapping", new ScalarMap());

  private static final Section ADMIN = section(
      "listen", section("host", VALUE, "port", VALUE),
      "max-body-bytes", VALUE,
      "bootstrap-admin", VALUE,
      "oidc", OIDC,
      "proxy-endpoint", section("host", VALUE, "port", VALUE, "sslmode", VALUE),
      "audit", section("store", AUDIT_STORE, "auditor", AUDITOR_TARGET));

  /** The whole file. */
  public static final Section ROOT = section(
      "proxy", PROXY,
      "admin", ADMIN,
      "auditor", AUDITOR,
      "store", STORE,
      "metrics", section("listen", VALUE),
      "logging", section("level", VALUE, "format", VALUE));

  private ConfigSchema() {}

  /** Builds a section from alternating key names and shapes. */
  private static Section section(Object... keysAndShapes) {
    Map<String, Shape> keys = new LinkedHashMap<>();
    for (int i = 0; i < keysAndShapes.length; i += 2) {
      keys.put((String) keysAndShapes[i], (Shape) keysAndShapes[i + 1]);
    }
    if (keysAndShapes.length % 2 != 0) {
      throw new IllegalArgumentException("odd key/shape list: " + Arrays.toString(keysAndShapes));
    }
    return new Section(keys);
  }
}
