package dev.jitgate.app.runtime;

import dev.jitgate.access.store.AccessStore;
import dev.jitgate.access.store.postgres.PostgresAccessStore;
import dev.jitgate.access.store.postgres.PostgresStoreSettings;
import dev.jitgate.access.store.sqlite.SqliteAccessStore;
import dev.jitgate.app.config.StoreConfig;
import dev.jitgate.proxy.config.Secret;

/** Opens the control-plane store the {@code store} section describes (Flyway migrates it on open). */
public final class AccessStores {

  private AccessStores() {}

  /** Opens (and migrates) the store; the caller closes it. */
  public static AccessStore open(StoreConfig config) {
    return switch (config) {
      case StoreConfig.Sqlite sqlite -> SqliteAccessStore.open(sqlite.path());
      case StoreConfig.Postgres pg -> PostgresAccessStore.open(new PostgresStoreSettings(pg.jdbcUrl(), pg.user(),
          pg.password().map(Secret::value).orElse(""), pg.schema(), pg.poolSize()));
    };
  }

  /** The store for a log line, without credentials or URL parameters. */
  public static String describe(StoreConfig config) {
    return switch (config) {
      case StoreConfig.Sqlite sqlite -> "sqlite " + sqlite.path();
      case StoreConfig.Postgres pg -> "postgresql " + pg.jdbcUrl().replaceAll("\\?.*", "");
    };
  }
}
