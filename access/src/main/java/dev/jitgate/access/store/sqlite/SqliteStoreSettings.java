package dev.jitgate.access.store.sqlite;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the SQLite access store.
 *
 * @param file the database file; created (with its parent directories) if missing
 * @param readConnections connections kept for readers, 1..16, besides the one writer connection
 * @param busyTimeout how long a commit waits for another process's write to finish, 0..10 minutes
 * @param pollInterval how often {@code awaitChange} looks for commits of other processes, 10 ms..1 minute
 *     (commits of this process wake waiters at once)
 */
public record SqliteStoreSettings(Path file, int readConnections, Duration busyTimeout, Duration pollInterval) {

  /** Readers kept by {@link #of(Path)}. */
  public static final int DEFAULT_READ_CONNECTIONS = 4;
  /** Busy timeout of {@link #of(Path)}. */
  public static final Duration DEFAULT_BUSY_TIMEOUT = Duration.ofSeconds(10);
  /** Poll interval of {@link #of(Path)}. */
  public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(200);

  public SqliteStoreSettings {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(busyTimeout, "busyTimeout");
    Objects.requireNonNull(pollInterval, "pollInterval");
    if (readConnections < 1 || readConnections > 16) {
      throw new IllegalArgumentException("readConnections must be between 1 and 16");
    }
    if (busyTimeout.isNegative() || busyTimeout.compareTo(Duration.ofMinutes(10)) > 0) {
      throw new IllegalArgumentException("busyTimeout must be between 0 and 10 minutes");
    }
    if (pollInterval.compareTo(Duration.ofMillis(10)) < 0 || pollInterval.compareTo(Duration.ofMinutes(1)) > 0) {
      throw new IllegalArgumentException("pollInterval must be between 10ms and 1 minute");
    }
  }

  /** The defaults for {@code file}. */
  public static SqliteStoreSettings of(Path file) {
    return new SqliteStoreSettings(file, DEFAULT_READ_CONNECTIONS, DEFAULT_BUSY_TIMEOUT, DEFAULT_POLL_INTERVAL);
  }
}
