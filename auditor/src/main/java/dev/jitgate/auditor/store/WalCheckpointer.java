package dev.jitgate.auditor.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checkpoints a WAL-mode SQLite file from its own connection and thread, so that copying WAL pages into the
 * database file and the fsyncs that go with it stay out of the writer's commits (the writer connection runs
 * with {@code wal_autocheckpoint=0}). After commits ({@link #committed}) it runs a {@code PASSIVE} checkpoint
 * at most every {@code interval}, which never blocks the writer. A WAL that keeps writers busy never gets
 * wholly backfilled, and only a wholly backfilled WAL is rewound; so when more than {@code restartFrames}
 * frames are in the WAL after a passive pass, a {@code RESTART} checkpoint copies the small rest and makes
 * the next commit start the WAL from its beginning (briefly holding off the writer). Checkpoint failures are
 * logged and retried on the next round; they never touch durability (every commit fsyncs the WAL).
 */
final class WalCheckpointer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WalCheckpointer.class);

  private final Connection connection;
  private final long intervalNanos;
  private final long restartFrames;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition signal = lock.newCondition();
  private final Thread thread;
  private boolean pending;
  private boolean stopped;

  /**
   * Starts checkpointing through {@code connection} (owned and closed by this object).
   *
   * @param intervalMillis the least time between two passive checkpoints
   * @param restartFrames WAL frames above which a passive pass is followed by a restarting one
   */
  WalCheckpointer(Connection connection, String name, long intervalMillis, long restartFrames) {
    this.connection = connection;
    this.intervalNanos = TimeUnit.MILLISECONDS.toNanos(intervalMillis);
    this.restartFrames = restartFrames;
    this.thread = Thread.ofPlatform().daemon().name(name).unstarted(this::run);
    thread.start();
  }

  /** Tells that a transaction was committed: a checkpoint is due within the interval. */
  void committed() {
    lock.lock();
    try {
      if (!pending) {
        pending = true;
        signal.signal();
      }
    } finally {
      lock.unlock();
    }
  }

  private void run() {
    long last = System.nanoTime() - intervalNanos;
    while (true) {
      lock.lock();
      try {
        while (!stopped && !pending) {
          signal.awaitUninterruptibly();
        }
        long wait = last + intervalNanos - System.nanoTime();
        while (!stopped && wait > 0) {
          wait = signal.awaitNanos(wait);
        }
        if (stopped) {
          return;
        }
        pending = false;
      } catch (InterruptedException e) {
        return;
      } finally {
        lock.unlock();
      }
      last = System.nanoTime();
      checkpoint();
    }
  }

  private void checkpoint() {
    try (Statement s = connection.createStatement()) {
      long[] passive = run(s, "PASSIVE");
      if (passive[1] > restartFrames) {
        run(s, "RESTART");
      }
    } catch (SQLException e) {
      LOG.warn("WAL checkpoint failed, retrying after the next commit: {}", e.getMessage());
    }
  }

  /** Busy flag, frames in the WAL, frames checkpointed. */
  private static long[] run(Statement s, String mode) throws SQLException {
    try (ResultSet rs = s.executeQuery("PRAGMA wal_checkpoint(" + mode + ")")) {
      return rs.next() ? new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)} : new long[3];
    }
  }

  /** Stops the thread (waiting for a checkpoint in progress) and closes the connection. */
  @Override
  public void close() throws SQLException {
    lock.lock();
    try {
      stopped = true;
      signal.signal();
    } finally {
      lock.unlock();
    }
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    connection.close();
  }
}
