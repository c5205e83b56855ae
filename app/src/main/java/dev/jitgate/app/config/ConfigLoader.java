package dev.jitgate.app.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Loads the configuration: YAML file, then {@code JITGATE_…} environment overrides, then the unknown-key
 * check, then every value with its defaults, secret references resolved. All errors are collected and
 * thrown together as a {@link ConfigException}.
 */
public final class ConfigLoader {

  private final Map<String, String> environment;
  private final Supplier<String> hostName;
  private final YamlSource yaml = new YamlSource();

  /**
   * @param environment environment variables (overrides and {@code env:} secrets come from here)
   * @param hostName the default for {@code proxy.name} and {@code auditor.name}
   */
  public ConfigLoader(Map<String, String> environment, Supplier<String> hostName) {
    this.environment = Map.copyOf(environment);
    this.hostName = hostName;
  }

  /** A loader over {@code environment} whose default proxy name is this machine's host name. */
  public static ConfigLoader withEnvironment(Map<String, String> environment) {
    return new ConfigLoader(environment, () -> localHostName(environment));
  }

  /** Loads {@code file}; relative paths inside are resolved against its directory. */
  public LoadedConfig load(Path file) throws ConfigException {
    Path absolute = file.toAbsolutePath().normalize();
    return load(yaml.read(absolute), absolute.getParent());
  }

  /** Loads YAML text; relative paths inside are resolved against {@code baseDirectory}. */
  public LoadedConfig parse(String text, Path baseDirectory) throws ConfigException {
    return load(yaml.parse(text, "configuration"), baseDirectory.toAbsolutePath().normalize());
  }

  private LoadedConfig load(ObjectNode tree, Path baseDirectory) throws ConfigException {
    ConfigProblems problems = new ConfigProblems();
    EnvOverrides.apply(tree, environment, problems);
    KeyCheck.check(ConfigSchema.ROOT, tree, ConfigPath.ROOT, problems);
    ConfigNode root = new ConfigNode(tree, ConfigPath.ROOT, problems, baseDirectory);
    Optional<JitgateConfig> config;
    try {
      config = read(root, tree);
    } catch (IllegalArgumentException e) {
      // A cross-field rule of the proxy's own records that the readers did not anticipate.
      root.get("proxy").error(e.getMessage());
      config = Optional.empty();
    }
    problems.throwIfAny();
    return new LoadedConfig(config.orElseThrow(), problems.warnings());
  }

  private Optional<JitgateConfig> read(ConfigNode root, ObjectNode tree) {
    SecretResolver secrets = new SecretResolver(environment);
    boolean adminWanted = tree.has("admin");
    boolean auditorWanted = tree.has("auditor");
    boolean proxyWanted = tree.has("proxy") || !adminWanted && !auditorWanted;
    int before = root.errorCount();
    Optional<ProxyRoleConfig> proxy = proxyWanted
        ? ProxyReader.read(root.get("proxy"), root.get("store"), secrets, hostName)
        : Optional.empty();
    Optional<AdminRoleConfig> admin = adminWanted ? AdminReader.read(root.get("admin"), secrets) : Optional.empty();
    Optional<AuditorRoleConfig> auditor = auditorWanted ? AuditorReader.read(root.get("auditor"), secrets, hostName)
        : Optional.empty();
    Optional<StoreConfig> store = StoreReader.read(root.get("store"), secrets);
    MetricsConfig metrics = metrics(root.get("metrics").get("listen"));
    ConfigNode logging = root.get("logging");
    LoggingConfig loggingConfig = new LoggingConfig(
        logging.get("level").choice(LogLevel.INFO, LogLevel.values(), LogLevel::configName),
        logging.get("format").choice(LogFormat.TEXT, LogFormat.values(), LogFormat::configName));
    if (root.errorCount() > before || store.isEmpty() || proxy.isEmpty() && proxyWanted
        || admin.isEmpty() && adminWanted || auditor.isEmpty() && auditorWanted) {
      return Optional.empty();
    }
    admin = admin.map(a -> withAuditDefaults(a, auditor));
    return Optional.of(new JitgateConfig(proxy, admin, auditor, store.get(), metrics, loggingConfig));
  }

  /** The admin role searches the auditor section's store unless admin.audit.store names one. */
  private static AdminRoleConfig withAuditDefaults(AdminRoleConfig admin, Optional<AuditorRoleConfig> auditor) {
    AdminAuditConfig audit = admin.audit();
    if (audit.store().isEmpty() && auditor.isPresent()) {
      audit = new AdminAuditConfig(Optional.of(auditor.get().storePath()), audit.auditor());
    }
    return admin.withAudit(audit);
  }

  private static MetricsConfig metrics(ConfigNode listen) {
    Optional<String> text = listen.text().map(String::strip);
    if (text.isEmpty()) {
      return MetricsConfig.DEFAULTS;
    }
    if (text.get().equalsIgnoreCase("off") || text.get().equalsIgnoreCase("false")) {
      return MetricsConfig.OFF;
    }
    String value = text.get();
    int colon = value.lastIndexOf(':');
    String host = colon > 0 ? value.substring(0, colon) : "";
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port = -1;
    try {
      port = colon > 0 ? Integer.parseInt(value.substring(colon + 1)) : -1;
    } catch (NumberFormatException e) {
      // reported below
    }
    if (host.isBlank() || port < 0 || port > 65535) {
      listen.error("\"" + value + "\" is not host:port (e.g. 127.0.0.1:9187, [::1]:9187) or off");
      return MetricsConfig.DEFAULTS;
    }
    return new MetricsConfig(true, host, port);
  }

  private static String localHostName(Map<String, String> environment) {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return environment.getOrDefault("HOSTNAME", "jitgate");
    }
  }
}
