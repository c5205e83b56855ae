package dev.jitgate.auditor.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.TestInfo;

/** Where a test keeps its SQLite audit store: one file per test method under {@code target/}, fresh each run. */
public final class TestDatabaseFiles {

  private TestDatabaseFiles() {}

  /**
   * {@code target/<directory>/<test method>.db}, with the file and its {@code -wal} and {@code -shm} companions
   * of an earlier run removed.
   */
  public static Path fresh(String directory, TestInfo info) throws IOException {
    Path dir = Files.createDirectories(Path.of("target", directory));
    Path file = dir.resolve(info.getTestMethod().orElseThrow().getName() + ".db");
    for (String suffix : new String[] {"", "-wal", "-shm"}) {
      Files.deleteIfExists(Path.of(file + suffix));
    }
    return file;
  }
}
