package dev.jitgate.access.store.sqlite;

import dev.jitgate.access.store.StoreException;
import dev.jitgate.access.store.jdbc.ChangeNotifier;
import dev.jitgate.access.store.jdbc.JdbcAccessStore;
import dev.jitgate.access.store.jdbc.SqlDialect;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The embedded access store: one SQLite file in WAL mode. Commits of this process are serialized by
 * one writer connection; commits of other processes on the same file by SQLite's write lock
 * ({@code BEGIN IMMEDIATE}, waiting up to the busy timeout). {@code synchronous=FULL}: every commit is
 * on disk before it returns, so an approval or a revocation survives a power loss; the control plane
 * commits at human pace, so the fsync per commit costs nothing that matters.
 *
 * <p>Commits of this store wake {@link #awaitChange} waiters at once; other processes' commits are noticed
 * by polling ({@link SqliteStoreSettings#pollInterval()}, 200 ms by default).
 */
public final class SqliteAccessStore extends JdbcAccessStore {
  private static final SqlDialect DIALECT = new SqlDialect() {
    @Override
    public void lockWriters(Connection connection) {
      // The writer connection's transactions are BEGIN IMMEDIATE: the lock is already held.
    }

    @Override
    public void announce(Connection connection, long version) {
      // Other processes poll.
    }
  };

  private SqliteAccessStore(SqliteConnections connections, Duration pollInterval) {
    super(connections, DIALECT, new ChangeNotifier(), pollInterval);
  }

  /** Opens (creating or migrating) the store in {@code file} with default settings. */
  public static SqliteAccessStore open(Path file) {
    return open(SqliteStoreSettings.of(file));
  }

  /** Opens (creating or migrating) the store described by {@code settings}. */
  public static SqliteAccessStore open(SqliteStoreSettings settings) {
    Path file = settings.file().toAbsolutePath();
    try {
      if (file.getParent() != null) {
        Files.createDirectories(file.getParent());
      }
    } catch (IOException e) {
      throw new StoreException("access store: cannot create the directory of " + file + ": " + e, e);
    }
    SQLiteDataSource dataSource = new SQLiteDataSource(config(settings));
    dataSource.setUrl("jdbc:sqlite:" + file);
    try {
      Flyway.configure()
          .dataSource(dataSource)
          .locations("classpath:db/access/sqlite")
          .load()
          .migrate();
    } catch (FlywayException e) {
      throw new StoreException("access store: migrating " + file + " failed: " + e.getMessage(), e);
    }
    try {
      return new SqliteAccessStore(SqliteConnections.open(dataSource, settings.readConnections()),
          settings.pollInterval());
    } catch (SQLException e) {
      throw new StoreException("access store: cannot open " + file + ": " + e.getMessage(), e);
    }
  }

  private static SQLiteConfig config(SqliteStoreSettings settings) {
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
    config.setBusyTimeout((int) settings.busyTimeout().toMillis());
    config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
    return config;
  }
}
