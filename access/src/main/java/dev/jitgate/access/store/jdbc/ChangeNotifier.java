package dev.jitgate.access.store.jdbc;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Wakes threads waiting in {@link JdbcAccessStore#awaitChange} when something may have changed: a
 * local commit, or a notification from another process. A signal carries no version (a notification
 * may come from another store sharing the channel); waiters re-read the store's version after waking.
 * Waiters compare generations, so a signal between reading the version and starting to wait is not lost.
 */
public final class ChangeNotifier {
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition signalled = lock.newCondition();
  private long generation;

  /** The number of signals so far; pass it to {@link #awaitSignalAfter}. */
  public long generation() {
    lock.lock();
    try {
      return generation;
    } finally {
      lock.unlock();
    }
  }

  /** Wakes every waiter. */
  public void signal() {
    lock.lock();
    try {
      generation++;
      signalled.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits until a signal newer than {@code seenGeneration} arrives or {@code timeoutNanos} pass.
   *
   * @return true when signalled, false on timeout
   */
  public boolean awaitSignalAfter(long seenGeneration, long timeoutNanos) throws InterruptedException {
    long remaining = timeoutNanos;
    lock.lock();
    try {
      while (generation == seenGeneration) {
        if (remaining <= 0) {
          return false;
        }
        remaining = signalled.awaitNanos(remaining);
      }
      return true;
    } finally {
      lock.unlock();
    }
  }
}
