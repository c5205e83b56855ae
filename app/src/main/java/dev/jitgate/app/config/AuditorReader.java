package dev.jitgate.app.config;

import dev.jitgate.auditor.http.AuditorSettings;
import dev.jitgate.proxy.config.Secret;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Reads the {@code auditor} section and the admin role's {@code admin.audit} keys. Each
 * {@code auditor.ingest-tokens} element is either {@code sha256:<64 hex digits>} (the token's SHA-256, what
 * production configurations should hold) or a secret reference ({@code env:}, {@code file:}) whose SHA-256
 * is taken at start; the auditor never keeps the token itself.
 */
final class AuditorReader {

  static final String HASH_PREFIX = "sha256:";
  private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-fA-F]{64}");
  private static final long MAX_BODY = Integer.MAX_VALUE - 8L;

  private AuditorReader() {}

  static Optional<AuditorRoleConfig> read(ConfigNode auditor, SecretResolver secrets, Supplier<String> hostName) {
    int before = auditor.errorCount();
    String name = auditor.get("name").string(null);
    ConfigNode listen = auditor.get("listen");
    Optional<HostPort> address = HostPort.read(listen, AuditorRoleConfig.DEFAULT_HOST, AuditorRoleConfig.DEFAULT_PORT);
    Optional<Path> store = storePath(auditor.get("store").get("sqlite").get("path"),
        AuditorRoleConfig.DEFAULT_STORE_PATH);
    List<String> hashes = tokens(auditor.get("ingest-tokens"), secrets);
    long maxBody = auditor.get("max-body-bytes").size(AuditorSettings.DEFAULT_MAX_BODY_BYTES, 1024, MAX_BODY);
    long maxDecompressed = auditor.get("max-decompressed-bytes")
        .size(AuditorSettings.DEFAULT_MAX_DECOMPRESSED_BYTES, 1024, MAX_BODY);
    if (auditor.errorCount() > before || address.isEmpty() || store.isEmpty()) {
      return Optional.empty();
    }
    if (!AuditReaders.isLoopback(address.get().host())) {
      listen.warn("the auditor speaks plain HTTP; outside localhost put a TLS-terminating proxy in front of it");
    }
    return Optional.of(new AuditorRoleConfig(name != null ? name : hostName.get(), address.get().host(), address.get().port(), store.get(), hashes,
        maxBody, maxDecompressed));
  }

  private static List<String> tokens(ConfigNode key, SecretResolver secrets) {
    List<String> hashes = new ArrayList<>();
    if (!key.isSet() || !key.isList() || key.elements().isEmpty()) {
      key.error("is required: at least one ingest token, as sha256:<hex of the token's SHA-256> or a secret"
          + " reference (" + SecretResolver.FORMS + ")");
      return hashes;
    }
    for (ConfigNode element : key.elements()) {
      Optional<String> text = element.text().map(String::strip);
      if (text.isEmpty() || text.get().isEmpty()) {
        element.error("must not be empty");
      } else if (text.get().startsWith(HASH_PREFIX)) {
        String hex = text.get().substring(HASH_PREFIX.length());
        if (SHA256_HEX.matcher(hex).matches()) {
          hashes.add(hex.toLowerCase(Locale.ROOT));
        } else {
          element.error("sha256: must be followed by 64 hex digits (e.g. the output of: printf %s \"$TOKEN\""
              + " | sha256sum)");
        }
      } else if (SHA256_HEX.matcher(text.get()).matches()) {
        element.error("looks like a bare SHA-256; write it as sha256:<hex>");
      } else {
        Optional<Secret> token = secrets.resolve(element);
        token.ifPresent(t -> hashes.add(AuditorSettings.sha256Hex(t.value())));
      }
    }
    return hashes;
  }

  /** Reads {@code admin.audit} (possibly absent). */
  static Optional<AdminAuditConfig> adminAudit(ConfigNode audit, SecretResolver secrets) {
    if (!audit.isSet()) {
      return Optional.of(AdminAuditConfig.NONE);
    }
    int before = audit.errorCount();
    ConfigNode pathKey = audit.get("store").get("sqlite").get("path");
    Optional<Path> store = pathKey.isSet() ? storePath(pathKey, AuditorRoleConfig.DEFAULT_STORE_PATH)
        : Optional.empty();
    ConfigNode auditorKey = audit.get("auditor");
    Optional<AuditorTarget> target = auditorKey.isSet() ? AuditReaders.target(auditorKey, secrets)
        : Optional.empty();
    if (audit.errorCount() > before) {
      return Optional.empty();
    }
    return Optional.of(new AdminAuditConfig(store, target));
  }

  private static Optional<Path> storePath(ConfigNode pathKey, String defaultPath) {
    int before = pathKey.errorCount();
    Path path = pathKey.filePath().orElseGet(() -> pathKey.baseDirectory().resolve(defaultPath).normalize());
    if (pathKey.errorCount() > before) {
      return Optional.empty();
    }
    if (Files.isDirectory(path)) {
      pathKey.error(path + " is a directory; name the database file, e.g. " + defaultPath);
      return Optional.empty();
    }
    return Optional.of(path);
  }
}
