package dev.jitgate.proxy.audit.spool;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Child process for {@link SpoolKillTest}: appends durably (fsync ALWAYS) in a bounded loop and
 * prints {@code durable <sequence> <counter>} for every record once {@code append} has returned.
 */
public final class SpoolChildWriter {

  private SpoolChildWriter() {}

  public static void main(String[] args) throws Exception {
    Path directory = Path.of(args[0]);
    long deadline = System.nanoTime() + 20_000_000_000L;
    SpoolConfig config = new SpoolConfig(directory, 16 * 1024, 64L << 20, FsyncPolicy.always(), 1024);
    try (Spool spool = Spool.open(config)) {
      for (int i = 0; i < 100_000 && System.nanoTime() < deadline; i++) {
        long sequence = spool.append(payload(i));
        System.out.print("durable " + sequence + " " + i + "\n");
        System.out.flush();
      }
    }
  }

  static byte[] payload(int counter) {
    return ("record-" + counter + "-" + "x".repeat(counter % 97)).getBytes(StandardCharsets.UTF_8);
  }
}
