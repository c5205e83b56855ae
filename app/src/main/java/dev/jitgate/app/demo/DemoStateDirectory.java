package dev.jitgate.app.demo;

import dev.jitgate.app.ExitCodes;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The demo's hold on {@code --state-dir}: refuses a directory that is not empty and not the demo's, locks it
 * (one demo per directory), and removes what a previous run left, so every run starts fresh. Only the demo's
 * own files are ever deleted; the CA and the unpacked PostgreSQL binaries are kept for the next run.
 */
public final class DemoStateDirectory implements AutoCloseable {

  private final DemoLayout layout;
  private final FileChannel channel;
  private final FileLock lock;

  private DemoStateDirectory(DemoLayout layout, FileChannel channel, FileLock lock) {
    this.layout = layout;
    this.channel = channel;
    this.lock = lock;
  }

  /** Creates (if needed), checks and locks the directory, then removes the previous run's files. */
  public static DemoStateDirectory claim(DemoLayout layout) throws DemoException {
    Path dir = layout.stateDirectory();
    try {
      if (Files.exists(dir) && !Files.isDirectory(dir)) {
        throw new DemoException(ExitCodes.CONFIG_ERROR, "--state-dir " + dir + " is a file, not a directory");
      }
      if (Files.isDirectory(dir) && !Files.exists(layout.marker()) && !isEmpty(dir)) {
        throw new DemoException(ExitCodes.CONFIG_ERROR, "--state-dir " + dir + " is not empty and was not made by"
            + " jitgate demo; choose another directory (the demo deletes its files there)");
      }
      Files.createDirectories(dir);
      FileChannel channel = FileChannel.open(layout.marker(), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      if (lock == null) {
        channel.close();
        throw new DemoException(ExitCodes.FAILURE, "another jitgate demo is running with --state-dir " + dir
            + "; stop it (Ctrl+C) or choose another --state-dir");
      }
      DemoStateDirectory state = new DemoStateDirectory(layout, channel, lock);
      state.removeRunFiles();
      return state;
    } catch (IOException e) {
      throw new DemoException(ExitCodes.FAILURE, "cannot use --state-dir " + dir + ": " + e.getMessage(), e);
    }
  }

  public DemoLayout layout() {
    return layout;
  }

  /**
   * Deletes the files of a run: the stores, config, secrets, demo.env, the audit spool and the upstream's data and
   * conf.
   */
  public void removeRunFiles() throws IOException {
    for (Path file : layout.runFiles()) {
      Files.deleteIfExists(file);
    }
    deleteTree(layout.auditSpool());
    deleteTree(layout.postgresData());
    deleteTree(layout.postgresConf());
  }

  /** Releases the lock; the marker stays so the next run recognises the directory. */
  @Override
  public void close() throws IOException {
    try {
      lock.release();
    } finally {
      channel.close();
    }
  }

  private static boolean isEmpty(Path dir) throws IOException {
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      return !entries.iterator().hasNext();
    }
  }

  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
