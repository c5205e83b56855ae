package dev.jitgate.proxy.audit.spool;

import static dev.jitgate.proxy.audit.spool.SpoolTestSupport.freshDirectory;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Kills a child JVM that appends durably (SIGKILL via {@code destroyForcibly}) and proves that
 * every record it reported durable is readable after recovery, with its payload.
 */
class SpoolKillTest {

  @Test
  void everyRecordReportedDurableSurvivesSigkill() throws Exception {
    Path directory = freshDirectory("SpoolKillTest");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child = new ProcessBuilder(java, "-Xshare:auto", "-XX:TieredStopAtLevel=1",
        "-cp", System.getProperty("java.class.path"), SpoolChildWriter.class.getName(), directory.toString())
        .redirectError(directory.resolveSibling("SpoolKillTest-child.err").toFile())
        .start();
    Map<Long, Integer> reported = new ConcurrentHashMap<>();
    Thread reader = Thread.ofPlatform().name("spool-kill-test-reader").start(() -> readLines(child.getInputStream(), reported));
    try {
      await().atMost(Duration.ofSeconds(20)).until(() -> reported.size() >= 10 || !child.isAlive());
      assertThat(child.isAlive()).as("child is writing").isTrue();
      await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(child::isAlive);
    } finally {
      child.destroyForcibly();
      assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
      reader.join(10_000);
    }
    assertThat(child.exitValue()).as("killed, not finished").isNotZero();
    assertThat(reported).hasSizeGreaterThan(10);

    SpoolConfig config = new SpoolConfig(directory, 16 * 1024, 64L << 20, FsyncPolicy.always(), 1024);
    try (Spool spool = Spool.open(config)) {
      Map<Long, byte[]> recovered = new TreeMap<>();
      for (SpoolRecord record : spool.read(0, Integer.MAX_VALUE, Integer.MAX_VALUE)) {
        recovered.put(record.sequence(), record.payload());
      }
      List<Long> missing = new ArrayList<>();
      reported.forEach((sequence, counter) -> {
        byte[] payload = recovered.get(sequence);
        if (payload == null) {
          missing.add(sequence);
        } else {
          assertThat(new String(payload, StandardCharsets.UTF_8)).as("record %d", sequence)
              .isEqualTo(new String(SpoolChildWriter.payload(counter), StandardCharsets.UTF_8));
        }
      });
      assertThat(missing).as("durable records lost after SIGKILL (%d reported)", reported.size()).isEmpty();
      assertThat(spool.recoveryReport().corruptBytes()).isZero();
      assertThat(spool.append(new byte[1])).isGreaterThan(reported.keySet().stream().mapToLong(Long::longValue).max().orElseThrow());
    }
  }

  /** Collects only complete lines: a line cut by the kill has no newline and is ignored. */
  private static void readLines(InputStream input, Map<Long, Integer> reported) {
    StringBuilder line = new StringBuilder();
    try (input) {
      int next;
      while ((next = input.read()) >= 0) {
        if (next != '\n') {
          line.append((char) next);
          continue;
        }
        String[] parts = line.toString().split(" ");
        if (parts.length == 3 && parts[0].equals("durable")) {
          reported.put(Long.parseLong(parts[1]), Integer.parseInt(parts[2]));
        }
        line.setLength(0);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
