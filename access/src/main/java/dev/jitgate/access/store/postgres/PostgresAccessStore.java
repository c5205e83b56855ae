package dev.jitgate.access.store.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.jitgate.access.store.StoreException;
import dev.jitgate.access.store.jdbc.ChangeNotifier;
import dev.jitgate.access.store.jdbc.JdbcAccessStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.postgresql.Driver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The access store on PostgreSQL, for several replicas sharing one database: writers of every replica
 * queue on one advisory lock, so versions are taken and become visible in order; each commit sends
 * {@code pg_notify('jitgate_access_changes', version)}, and each store's listener thread wakes its
 * local {@link #awaitChange} waiters. If the listener is down, waiters still poll every 2 s.
 *
 * <p>Connections carry {@code logServerErrorDetail=false}, so server error details (which may quote row
 * values) never reach exception messages or logs.
 */
public final class PostgresAccessStore extends JdbcAccessStore {
  private static final Logger LOG = LoggerFactory.getLogger(PostgresAccessStore.class);
  /** How often {@link #awaitChange} re-reads the version when no notification arrives. */
  public static final Duration POLL_INTERVAL = Duration.ofSeconds(2);
  private static final Duration LISTEN_WAIT = Duration.ofSeconds(10);

  private final PostgresChangeListener listener;

  private PostgresAccessStore(PostgresConnections connections, PostgresDialect dialect,
      ChangeNotifier notifier, PostgresChangeListener listener) {
    super(connections, dialect, notifier, POLL_INTERVAL);
    this.listener = listener;
  }

  /**
   * Connects, migrates the schema (Flyway; concurrent replicas migrate once, under Flyway's lock), and
   * starts the change listener.
   */
  public static PostgresAccessStore open(PostgresStoreSettings settings) {
    HikariDataSource pool = pool(settings);
    PostgresChangeListener listener = null;
    try {
      migrate(pool, settings.schema());
      ChangeNotifier notifier = new ChangeNotifier();
      listener = new PostgresChangeListener(() -> connect(settings), notifier);
      listener.start();
      if (!listener.awaitListening(LISTEN_WAIT)) {
        LOG.warn("access store change listener is not connected yet; waiters poll every {} s until it is",
            POLL_INTERVAL.toSeconds());
      }
      return new PostgresAccessStore(new PostgresConnections(pool), new PostgresDialect(settings.schema()),
          notifier, listener);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      close(pool, listener);
      throw new StoreException("access store: interrupted while opening");
    } catch (RuntimeException e) {
      close(pool, listener);
      throw e;
    }
  }

  @Override
  protected void beforeClose() {
    listener.close();
  }

  private static HikariDataSource pool(PostgresStoreSettings settings) {
    HikariConfig config = new HikariConfig();
    config.setPoolName("jitgate-access");
    config.setJdbcUrl(settings.jdbcUrl());
    config.setUsername(settings.user());
    config.setPassword(settings.password());
    config.setMaximumPoolSize(settings.poolSize());
    config.setMinimumIdle(Math.min(2, settings.poolSize()));
    config.setConnectionTimeout(Duration.ofSeconds(10).toMillis());
    // Commits take the writers' lock first and must then see the latest commits: a snapshot taken at
    // the first statement (REPEATABLE READ, SERIALIZABLE as a server default) would be too old.
    config.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
    config.setDataSourceProperties(connectionProperties(settings, "jitgate-access"));
    try {
      return new HikariDataSource(config);
    } catch (RuntimeException e) {
      throw new StoreException("access store: cannot connect to PostgreSQL as " + settings.user() + ": "
          + rootMessage(e), e);
    }
  }

  private static void migrate(HikariDataSource pool, String schema) {
    try {
      Flyway.configure()
          .dataSource(pool)
          .schemas(schema)
          .defaultSchema(schema)
          .locations("classpath:db/access/postgresql")
          .load()
          .migrate();
    } catch (FlywayException e) {
      throw new StoreException("access store: migrating schema " + schema + " failed: " + e.getMessage(), e);
    }
  }

  /** The listener's own connection, outside the pool: LISTEN belongs to one session. */
  private static Connection connect(PostgresStoreSettings settings) throws SQLException {
    Properties properties = connectionProperties(settings, "jitgate-access-listener");
    properties.setProperty("user", settings.user());
    properties.setProperty("password", settings.password());
    Connection connection = new Driver().connect(settings.jdbcUrl(), properties);
    if (connection == null) {
      throw new SQLException("not a PostgreSQL JDBC URL");
    }
    return connection;
  }

  private static Properties connectionProperties(PostgresStoreSettings settings, String applicationName) {
    Properties properties = new Properties();
    properties.setProperty("currentSchema", settings.schema());
    properties.setProperty("ApplicationName", applicationName);
    properties.setProperty("logServerErrorDetail", "false");
    properties.setProperty("tcpKeepAlive", "true");
    properties.setProperty("connectTimeout", "10");
    return properties;
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
  }

  private static void close(HikariDataSource pool, PostgresChangeListener listener) {
    if (listener != null) {
      listener.close();
    }
    pool.close();
  }
}
