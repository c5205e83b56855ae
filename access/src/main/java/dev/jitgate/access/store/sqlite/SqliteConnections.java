package dev.jitgate.access.store.sqlite;

import dev.jitgate.access.store.StoreException;
import dev.jitgate.access.store.jdbc.ConnectionSource;
import dev.jitgate.access.store.jdbc.SqlFunction;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.locks.ReentrantLock;
import org.sqlite.SQLiteDataSource;

/**
 * One writer connection, used by one thread at a time, and a few query-only reader connections. With
 * WAL, readers never wait for the writer; across processes, writers queue on SQLite's own lock
 * ({@code BEGIN IMMEDIATE} with a busy timeout).
 */
final class SqliteConnections implements ConnectionSource {
  private final ReentrantLock writeLock = new ReentrantLock();
  private final Connection writer;
  private final BlockingQueue<Connection> readers;
  private volatile boolean closed;

  private SqliteConnections(Connection writer, List<Connection> readers) {
    this.writer = writer;
    this.readers = new ArrayBlockingQueue<>(readers.size(), false, readers);
  }

  /** Opens the writer and {@code readerCount} readers from {@code dataSource}. */
  static SqliteConnections open(SQLiteDataSource dataSource, int readerCount) throws SQLException {
    List<Connection> opened = new ArrayList<>();
    try {
      Connection writer = dataSource.getConnection();
      opened.add(writer);
      List<Connection> readers = new ArrayList<>();
      for (int i = 0; i < readerCount; i++) {
        Connection reader = dataSource.getConnection();
        opened.add(reader);
        try (Statement s = reader.createStatement()) {
          s.execute("PRAGMA query_only = 1");
        }
        readers.add(reader);
      }
      return new SqliteConnections(writer, readers);
    } catch (SQLException | RuntimeException e) {
      for (Connection c : opened) {
        closeQuietly(c, e);
      }
      throw e;
    }
  }

  @Override
  public <T> T withReader(SqlFunction<Connection, T> work) throws SQLException {
    Connection reader = takeReader();
    try {
      return work.apply(reader);
    } finally {
      if (closed) {
        reader.close();
      } else {
        readers.add(reader);
      }
    }
  }

  @Override
  public <T> T withWriter(SqlFunction<Connection, T> work) throws SQLException {
    writeLock.lock();
    try {
      ensureOpen();
      return work.apply(writer);
    } finally {
      writeLock.unlock();
    }
  }

  @Override
  public void close() {
    closed = true;
    writeLock.lock();
    try {
      closeQuietly(writer, null);
    } finally {
      writeLock.unlock();
    }
    List<Connection> idle = new ArrayList<>();
    readers.drainTo(idle);
    for (Connection c : idle) {
      closeQuietly(c, null);
    }
  }

  private Connection takeReader() {
    ensureOpen();
    try {
      return readers.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException("access store: interrupted while waiting for a connection");
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new StoreException("access store is closed");
    }
  }

  private static void closeQuietly(Connection c, Throwable failure) {
    try {
      c.close();
    } catch (SQLException e) {
      if (failure != null) {
        failure.addSuppressed(e);
      }
    }
  }
}
