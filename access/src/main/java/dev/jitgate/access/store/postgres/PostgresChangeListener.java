package dev.jitgate.access.store.postgres;

import dev.jitgate.access.store.jdbc.ChangeNotifier;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A background thread that LISTENs on {@link PostgresDialect#CHANNEL} over its own connection and
 * signals the {@link ChangeNotifier} for every notification, so that waiters see commits of other
 * store instances at once. When the connection fails (or stops answering a periodic check) it
 * reconnects with exponential backoff (100 ms up to 5 s) and signals after each (re)connect, since
 * notifications sent while it was away are lost. Stops on {@link #close()}.
 */
final class PostgresChangeListener implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PostgresChangeListener.class);
  private static final int POLL_MILLIS = 250;
  private static final long CHECK_NANOS = TimeUnit.SECONDS.toNanos(10);
  private static final long MIN_BACKOFF_MILLIS = 100;
  private static final long MAX_BACKOFF_MILLIS = 5_000;

  /** Opens the listener's dedicated connection. */
  @FunctionalInterface
  interface Connector {
    Connection connect() throws SQLException;
  }

  private final Connector connector;
  private final ChangeNotifier notifier;
  private final Thread thread;
  private final CountDownLatch listening = new CountDownLatch(1);
  private volatile boolean closed;

  PostgresChangeListener(Connector connector, ChangeNotifier notifier) {
    this.connector = connector;
    this.notifier = notifier;
    this.thread = Thread.ofPlatform().name("jitgate-access-listener").daemon().unstarted(this::run);
  }

  /** Starts the thread. */
  void start() {
    thread.start();
  }

  /** Waits until the first LISTEN is in place; false if that took longer than {@code timeout}. */
  boolean awaitListening(Duration timeout) throws InterruptedException {
    return listening.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void run() {
    long backoff = MIN_BACKOFF_MILLIS;
    while (!closed) {
      try (Connection connection = connector.connect()) {
        try (Statement s = connection.createStatement()) {
          s.execute("LISTEN " + PostgresDialect.CHANNEL);
        }
        listening.countDown();
        notifier.signal();
        backoff = MIN_BACKOFF_MILLIS;
        listen(connection.unwrap(PGConnection.class), connection);
      } catch (SQLException | RuntimeException e) {
        if (closed) {
          break;
        }
        LOG.warn("access store change listener lost its connection ({}); reconnecting in {} ms",
            e.getMessage(), backoff);
        if (!pause(backoff)) {
          break;
        }
        backoff = Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
      }
    }
  }

  private void listen(PGConnection pg, Connection connection) throws SQLException {
    long lastActivity = System.nanoTime();
    while (!closed) {
      PGNotification[] notifications = pg.getNotifications(POLL_MILLIS);
      if (notifications != null && notifications.length > 0) {
        notifier.signal();
        lastActivity = System.nanoTime();
      } else if (System.nanoTime() - lastActivity > CHECK_NANOS) {
        if (!connection.isValid(5)) {
          throw new SQLException("the listener connection stopped answering");
        }
        lastActivity = System.nanoTime();
      }
    }
  }

  /** Sleeps {@code millis}; false when interrupted (closing). */
  private boolean pause(long millis) {
    try {
      Thread.sleep(millis);
      return true;
    } catch (InterruptedException e) {
      return false;
    }
  }

  @Override
  public void close() {
    closed = true;
    thread.interrupt();
    try {
      thread.join(TimeUnit.SECONDS.toMillis(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
