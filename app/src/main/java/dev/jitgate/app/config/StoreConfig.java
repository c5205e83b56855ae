package dev.jitgate.app.config;

import dev.jitgate.proxy.config.Secret;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/** The {@code store} section: where the control plane (integrations, flows, requests, grants, tokens) lives. */
public sealed interface StoreConfig {

  /** {@code ./jitgate-state/jitgate.db}, relative to the configuration file. */
  String DEFAULT_SQLITE_PATH = "./jitgate-state/jitgate.db";

  /**
   * The embedded default: one SQLite file.
   *
   * @param path the database file; its directory is created when missing
   */
  record Sqlite(Path path) implements StoreConfig {
    public Sqlite {
      Objects.requireNonNull(path, "path");
    }
  }

  /**
   * A PostgreSQL database shared by several replicas.
   *
   * @param jdbcUrl {@code jdbc:postgresql://…}
   * @param user the database user
   * @param password its password (redacted in {@code toString()}); empty when the server needs none
   * @param schema the schema holding jitgate's tables
   * @param poolSize connections kept open, 1..100
   */
  record Postgres(String jdbcUrl, String user, Optional<Secret> password, String schema, int poolSize)
      implements StoreConfig {
    public Postgres {
      Objects.requireNonNull(jdbcUrl, "jdbcUrl");
      Objects.requireNonNull(user, "user");
      Objects.requireNonNull(password, "password");
      Objects.requireNonNull(schema, "schema");
      if (poolSize < 1 || poolSize > 100) {
        throw new IllegalArgumentException("store.postgresql.pool-size must be between 1 and 100");
      }
    }
  }
}
