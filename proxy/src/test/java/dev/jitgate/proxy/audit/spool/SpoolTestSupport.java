package dev.jitgate.proxy.audit.spool;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/** Shared helpers for the spool tests: fresh directories under target/, a counting fsync, a settable clock. */
final class SpoolTestSupport {

  private SpoolTestSupport() {}

  /** An empty directory {@code target/spool-tests/<name>}, wiped first. */
  static Path freshDirectory(String name) {
    Path directory = Path.of("target", "spool-tests", name).toAbsolutePath();
    try {
      if (Files.exists(directory)) {
        try (Stream<Path> walk = Files.walk(directory)) {
          for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
            Files.delete(path);
          }
        }
      }
      Files.createDirectories(directory);
      return directory;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  static String text(SpoolRecord record) {
    return new String(record.payload(), StandardCharsets.UTF_8);
  }

  static List<Path> segmentFiles(Path directory) throws IOException {
    try (Stream<Path> list = Files.list(directory)) {
      return list.filter(path -> path.getFileName().toString().endsWith(".seg")).sorted().toList();
    }
  }

  /** Counts forces and the threads they ran on; optionally blocks them on a gate; no real fsync. */
  static final class CountingFsync implements Fsync {
    final AtomicInteger forces = new AtomicInteger();
    final AtomicInteger directoryForces = new AtomicInteger();
    final Queue<String> threads = new ConcurrentLinkedQueue<>();
    final CountDownLatch entered = new CountDownLatch(1);
    private volatile CountDownLatch gate;
    private final boolean real;

    CountingFsync(boolean real) {
      this.real = real;
    }

    void blockForces() {
      gate = new CountDownLatch(1);
    }

    void releaseForces() {
      gate.countDown();
    }

    @Override
    public void force(FileChannel channel) throws IOException {
      entered.countDown();
      CountDownLatch current = gate;
      if (current != null) {
        try {
          if (!current.await(10, TimeUnit.SECONDS)) {
            throw new IOException("test gate never opened");
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException(e);
        }
      }
      if (real) {
        channel.force(true);
      }
      threads.add(Thread.currentThread().getName());
      forces.incrementAndGet();
    }

    @Override
    public void forceDirectory(Path directory) throws IOException {
      if (real) {
        Fsync.system().forceDirectory(directory);
      }
      directoryForces.incrementAndGet();
    }
  }
}
