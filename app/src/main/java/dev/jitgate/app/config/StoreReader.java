package dev.jitgate.app.config;

import dev.jitgate.access.model.SslMode;
import dev.jitgate.proxy.config.Secret;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** Reads the {@code store} section: SQLite (the default) or PostgreSQL. */
final class StoreReader {

  static final int DEFAULT_POSTGRES_PORT = 5432;
  static final String DEFAULT_POSTGRES_DATABASE = "jitgate";
  static final int DEFAULT_POOL_SIZE = 10;
  static final String DEFAULT_SCHEMA = "jitgate";
  private static final Pattern SCHEMA = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

  /** {@code store.kind}. */
  enum Kind {
    SQLITE,
    POSTGRESQL;

    String configName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private static final List<String> CONNECTION_KEYS = List.of("host", "port", "database", "sslmode");

  private StoreReader() {}

  static Optional<StoreConfig> read(ConfigNode store, SecretResolver secrets) {
    int before = store.errorCount();
    Kind kind = store.get("kind").choice(Kind.SQLITE, Kind.values(), Kind::configName);
    if (store.errorCount() > before) {
      return Optional.empty();
    }
    return switch (kind) {
      case SQLITE -> {
        ignored(store.get("postgresql"), kind);
        yield sqlite(store.get("sqlite"));
      }
      case POSTGRESQL -> {
        ignored(store.get("sqlite"), kind);
        yield postgres(store.get("postgresql"), secrets);
      }
    };
  }

  private static void ignored(ConfigNode section, Kind kind) {
    if (section.isSet()) {
      section.warn("ignored because store.kind is " + kind.configName());
    }
  }

  private static Optional<StoreConfig> sqlite(ConfigNode sqlite) {
    ConfigNode pathKey = sqlite.get("path");
    int before = pathKey.errorCount();
    Path path = pathKey.filePath()
        .orElseGet(() -> pathKey.baseDirectory().resolve(StoreConfig.DEFAULT_SQLITE_PATH).normalize());
    if (pathKey.errorCount() > before) {
      return Optional.empty();
    }
    if (Files.isDirectory(path)) {
      pathKey.error(path + " is a directory; name the database file, e.g. " + StoreConfig.DEFAULT_SQLITE_PATH);
      return Optional.empty();
    }
    return Optional.of(new StoreConfig.Sqlite(path));
  }

  private static Optional<StoreConfig> postgres(ConfigNode pg, SecretResolver secrets) {
    int before = pg.errorCount();
    Optional<String> url = pg.get("url").isSet() ? url(pg) : hostPortDatabase(pg);
    Optional<String> user = pg.get("user").requiredString().map(String::strip);
    ConfigNode passwordKey = pg.get("password");
    Optional<Secret> password = passwordKey.isSet() ? secrets.resolve(passwordKey) : Optional.empty();
    ConfigNode schemaKey = pg.get("schema");
    String schema = schemaKey.string(DEFAULT_SCHEMA).strip();
    if (!SCHEMA.matcher(schema).matches()) {
      schemaKey.error("\"" + schema + "\" is not a schema name ([a-z_][a-z0-9_]{0,62})");
    }
    int poolSize = pg.get("pool-size").integer(DEFAULT_POOL_SIZE, 1, 100);
    if (pg.errorCount() > before || url.isEmpty() || user.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new StoreConfig.Postgres(url.get(), user.get(), password, schema, poolSize));
  }

  private static Optional<String> url(ConfigNode pg) {
    ConfigNode urlKey = pg.get("url");
    String url = urlKey.string("").strip();
    for (String key : CONNECTION_KEYS) {
      if (pg.get(key).isSet()) {
        pg.get(key).error("set either url or host/port/database/sslmode, not both");
      }
    }
    if (!url.startsWith("jdbc:postgresql:")) {
      urlKey.error("must be a JDBC URL starting with jdbc:postgresql:, e.g. jdbc:postgresql://db.internal:5432/jitgate");
      return Optional.empty();
    }
    return Optional.of(url);
  }

  private static Optional<String> hostPortDatabase(ConfigNode pg) {
    ConfigNode hostKey = pg.get("host");
    Optional<String> host = hostKey.text().map(String::strip).filter(h -> !h.isEmpty());
    if (host.isEmpty()) {
      hostKey.error("is required (or set store.postgresql.url)");
    }
    int port = pg.get("port").integer(DEFAULT_POSTGRES_PORT, 1, 65535);
    String database = pg.get("database").string(DEFAULT_POSTGRES_DATABASE).strip();
    SslMode sslMode = pg.get("sslmode").choice(SslMode.PREFER, SslMode.values(), SslMode::wireName);
    if (host.isEmpty()) {
      return Optional.empty();
    }
    String h = host.get().contains(":") && !host.get().startsWith("[") ? "[" + host.get() + "]" : host.get();
    return Optional.of("jdbc:postgresql://" + h + ":" + port + "/"
        + URLEncoder.encode(database, StandardCharsets.UTF_8).replace("+", "%20")
        + "?sslmode=" + sslMode.wireName());
  }
}
