package dev.jitgate.app.config;

import dev.jitgate.proxy.JitSettings;
import dev.jitgate.proxy.provision.GrantRoleSpec;
import dev.jitgate.proxy.provision.ManagedRoleNames;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

/** Reads {@code proxy.jit} (grant mode) into {@link JitSettings}; defaults are {@link JitSettings#DEFAULTS}. */
final class JitReader {

  /** What {@link ManagedRoleNames#withPrefix} accepts. */
  static final Pattern ROLE_PREFIX = Pattern.compile("[a-z][a-z0-9_]{0,39}");
  static final String DEFAULT_ROLE_PREFIX = "jitgate";
  static final int MAX_PROVISIONING_THREADS = 64;

  private JitReader() {}

  static Optional<JitSettings> read(ConfigNode jit) {
    int before = jit.errorCount();
    JitSettings d = JitSettings.DEFAULTS;
    int connectionLimit = jit.get("connection-limit").integer(d.connectionLimit(), 1,
        GrantRoleSpec.MAX_CONNECTION_LIMIT);
    Duration reconcile = jit.get("reconcile-interval").duration(d.reconcileInterval(), Duration.ofSeconds(1));
    Duration connectTimeout = jit.get("upstream-connect-timeout").duration(d.upstreamConnectTimeout(),
        Duration.ofMillis(100));
    int threads = jit.get("provisioning-threads").integer(d.provisioningThreads(), 1, MAX_PROVISIONING_THREADS);
    ConfigNode prefixKey = jit.get("role-prefix");
    String prefix = prefixKey.string(DEFAULT_ROLE_PREFIX).strip();
    if (!ROLE_PREFIX.matcher(prefix).matches()) {
      prefixKey.error("\"" + prefix + "\" is not a role prefix: lower-case letter first, then up to 39 lower-case"
          + " letters, digits or _ (jitgate creates <prefix>_managed, <prefix>_read, ...)");
    } else if (prefix.equals("jit") || prefix.startsWith("jit_")) {
      prefixKey.error("must not be jit or start with jit_ (jit_... names are reserved for grant roles)");
    }
    if (jit.errorCount() > before) {
      return Optional.empty();
    }
    return Optional.of(new JitSettings(connectionLimit, reconcile, connectTimeout, threads,
        ManagedRoleNames.withPrefix(prefix), d.directory()));
  }
}
