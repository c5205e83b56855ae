package dev.jitgate.proxy.audit.spool;

import static dev.jitgate.proxy.audit.spool.SpoolTestSupport.bytes;
import static dev.jitgate.proxy.audit.spool.SpoolTestSupport.freshDirectory;
import static dev.jitgate.proxy.audit.spool.SpoolTestSupport.segmentFiles;
import static dev.jitgate.proxy.audit.spool.SpoolTestSupport.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jitgate.proxy.audit.spool.SpoolTestSupport.CountingFsync;
import dev.jitgate.access.testing.MutableClock;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

class SpoolTest {

  private static final int HEADER = RecordFormat.HEADER_BYTES;

  private static SpoolConfig config(Path directory, long segmentBytes, long maxTotalBytes) {
    return new SpoolConfig(directory, segmentBytes, maxTotalBytes, FsyncPolicy.never(), 100);
  }

  private static Path dir(TestInfo info) {
    return freshDirectory("SpoolTest-" + info.getTestMethod().orElseThrow().getName());
  }

  @Test
  void appendsAndReadsBackInOrderFromOneBasedSequences(TestInfo info) throws Exception {
    Path directory = dir(info);
    try (Spool spool = Spool.open(config(directory, 4096, 1 << 20))) {
      assertThat(spool.append(bytes("one"))).isEqualTo(1);
      assertThat(spool.append(bytes("two"))).isEqualTo(2);
      assertThat(spool.append(new byte[0])).isEqualTo(3);

      List<SpoolRecord> records = spool.read(0, 10, 1000);
      assertThat(records).extracting(SpoolRecord::sequence).containsExactly(1L, 2L, 3L);
      assertThat(records).extracting(SpoolTestSupport::text).containsExactly("one", "two", "");
      assertThat(spool.read(1, 10, 1000)).extracting(SpoolRecord::sequence).containsExactly(2L, 3L);
      assertThat(spool.read(3, 10, 1000)).isEmpty();
      assertThat(records.getFirst().toString()).contains("sequence=1").contains("bytes=3");
    }
    assertThat(segmentFiles(directory)).extracting(path -> path.getFileName().toString())
        .containsExactly("0000000000000001.seg");
  }

  @Test
  void readHonoursRecordAndByteLimitsButAlwaysReturnsOneRecord(TestInfo info) throws Exception {
    try (Spool spool = Spool.open(config(dir(info), 4096, 1 << 20))) {
      for (int i = 0; i < 5; i++) {
        spool.append(new byte[10]);
      }
      assertThat(spool.read(0, 2, 1000)).hasSize(2);
      assertThat(spool.read(0, 10, 25)).extracting(SpoolRecord::sequence).containsExactly(1L, 2L);
      assertThat(spool.read(0, 10, 1)).extracting(SpoolRecord::sequence).containsExactly(1L);
      assertThatThrownBy(() -> spool.read(0, 0, 10)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("maxRecords");
      assertThatThrownBy(() -> spool.read(0, 1, 0)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("maxBytes");
    }
  }

  @Test
  void rollsSegmentsAtTheConfiguredSizeAndNamesThemByFirstSequence(TestInfo info) throws Exception {
    Path directory = dir(info);
    int record = HEADER + 50;
    try (Spool spool = Spool.open(config(directory, 2L * record + 10, 1 << 20))) {
      for (int i = 1; i <= 5; i++) {
        spool.append(new byte[50]);
      }
      assertThat(spool.segmentCount()).isEqualTo(3);
      assertThat(spool.totalBytes()).isEqualTo(5L * record);
    }
    List<Path> files = segmentFiles(directory);
    assertThat(files).extracting(path -> path.getFileName().toString())
        .containsExactly("0000000000000001.seg", "0000000000000003.seg", "0000000000000005.seg");
    assertThat(Files.size(files.get(0))).isEqualTo(2L * record);
  }

  @Test
  void sequencesContinueAfterReopen(TestInfo info) throws Exception {
    Path directory = dir(info);
    try (Spool spool = Spool.open(config(directory, 4096, 1 << 20))) {
      spool.append(bytes("a"));
      spool.append(bytes("b"));
    }
    try (Spool spool = Spool.open(config(directory, 4096, 1 << 20))) {
      assertThat(spool.recoveryReport().clean()).isTrue();
      assertThat(spool.recoveryReport().records()).isEqualTo(2);
      assertThat(spool.append(bytes("c"))).isEqualTo(3);
      assertThat(spool.read(0, 10, 1000)).extracting(SpoolTestSupport::text).containsExactly("a", "b", "c");
    }
  }

  @Test
  void acknowledgeDeletesOnlyFullyAcknowledgedSegmentsAndPersistsThePosition(TestInfo info) throws Exception {
    Path directory = dir(info);
    int record = HEADER + 50;
    SpoolConfig config = config(directory, 2L * record, 1 << 20);
    try (Spool spool = Spool.open(config)) {
      for (int i = 1; i <= 6; i++) {
        spool.append(new byte[50]);
      }
      assertThat(segmentFiles(directory)).hasSize(3);

      spool.acknowledge(3);
      assertThat(segmentFiles(directory)).extracting(path -> path.getFileName().toString())
          .containsExactly("0000000000000003.seg", "0000000000000005.seg");
      assertThat(Files.readString(directory.resolve("ack")).strip()).isEqualTo("ack 3");
      assertThat(spool.read(0, 10, 10_000)).extracting(SpoolRecord::sequence).containsExactly(4L, 5L, 6L);
      assertThat(spool.backlogRecords()).isEqualTo(3);
      assertThat(spool.backlogBytes()).isEqualTo(3L * record);
      assertThat(spool.totalBytes()).isEqualTo(4L * record);

      spool.acknowledge(2);
      assertThat(spool.acknowledgedSequence()).isEqualTo(3);
      assertThatThrownBy(() -> spool.acknowledge(7)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("throughSequence 7").hasMessageContaining("6");
    }
    try (Spool spool = Spool.open(config)) {
      assertThat(spool.recoveryReport().acknowledgedSequence()).isEqualTo(3);
      assertThat(spool.read(0, 10, 10_000)).extracting(SpoolRecord::sequence).containsExactly(4L, 5L, 6L);
      spool.acknowledge(6);
      assertThat(segmentFiles(directory)).isEmpty();
      assertThat(spool.totalBytes()).isZero();
      assertThat(spool.backlogRecords()).isZero();
      assertThat(spool.append(new byte[1])).isEqualTo(7);
      assertThat(segmentFiles(directory)).extracting(path -> path.getFileName().toString())
          .containsExactly("0000000000000007.seg");
    }
  }

  @Test
  void capRefusesNewRecordsWithATypedErrorAndKeepsTheOldest(TestInfo info) throws Exception {
    int record = HEADER + 50;
    try (Spool spool = Spool.open(config(dir(info), 2L * record, 4L * record))) {
      for (int i = 0; i < 4; i++) {
        spool.append(new byte[50]);
      }
      assertThatThrownBy(() -> spool.append(new byte[50]))
          .isInstanceOf(SpoolFullException.class)
          .hasMessageContaining("audit spool full")
          .satisfies(e -> assertThat(((SpoolFullException) e).maxTotalBytes()).isEqualTo(4L * record));
      assertThat(spool.read(0, 10, 10_000)).extracting(SpoolRecord::sequence).containsExactly(1L, 2L, 3L, 4L);
      assertThat(spool.lastSequence()).isEqualTo(4);

      spool.acknowledge(2);
      assertThat(spool.append(new byte[50])).isEqualTo(5);
    }
  }

  @Test
  void rejectsOversizedPayloadsAndUseAfterClose(TestInfo info) throws Exception {
    Spool spool = Spool.open(config(dir(info), 4096, 1 << 20));
    assertThatThrownBy(() -> spool.append(new byte[101])).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxRecordBytes");
    assertThatThrownBy(() -> spool.append(null)).isInstanceOf(NullPointerException.class)
        .hasMessageContaining("payload");
    spool.close();
    spool.close();
    assertThatThrownBy(() -> spool.append(new byte[1])).isInstanceOf(IOException.class).hasMessageContaining("closed");
  }

  @Test
  void aDirectoryCanBeOpenedOnlyOnce(TestInfo info) throws Exception {
    Path directory = dir(info);
    try (Spool spool = Spool.open(config(directory, 4096, 1 << 20))) {
      assertThatThrownBy(() -> Spool.open(config(directory, 4096, 1 << 20)))
          .isInstanceOf(IOException.class).hasMessageContaining("already open");
      assertThat(spool.append(new byte[1])).isEqualTo(1);
    }
    try (Spool spool = Spool.open(config(directory, 4096, 1 << 20))) {
      assertThat(spool.lastSequence()).isEqualTo(1);
    }
  }

  @Test
  void configValidationNamesTheField() {
    Path directory = Path.of("target", "unused");
    assertThatThrownBy(() -> new SpoolConfig(null, 4096, 8192, FsyncPolicy.never(), 10))
        .hasMessageContaining("spool.directory");
    assertThatThrownBy(() -> new SpoolConfig(directory, 4096, 8192, null, 10))
        .hasMessageContaining("spool.fsync");
    assertThatThrownBy(() -> new SpoolConfig(directory, 4096, 8192, FsyncPolicy.never(), 0))
        .hasMessageContaining("spool.maxRecordBytes");
    assertThatThrownBy(() -> new SpoolConfig(directory, 100, 8192, FsyncPolicy.never(), 100))
        .hasMessageContaining("spool.segmentBytes");
    assertThatThrownBy(() -> new SpoolConfig(directory, 4096, 4095, FsyncPolicy.never(), 100))
        .hasMessageContaining("spool.maxTotalBytes");
    assertThatThrownBy(() -> FsyncPolicy.interval(Duration.ZERO)).hasMessageContaining("fsync.interval");
    assertThat(SpoolConfig.defaults(directory, FsyncPolicy.always()).segmentBytes())
        .isEqualTo(SpoolConfig.DEFAULT_SEGMENT_BYTES);
  }

  @Test
  void metricsReportBacklogAndTheAgeOfTheOldestUnacknowledgedRecord(TestInfo info) throws Exception {
    MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    try (Spool spool = Spool.open(config(dir(info), 4096, 1 << 20), clock, new CountingFsync(false))) {
      assertThat(spool.oldestUnacknowledgedAge()).isEqualTo(Duration.ZERO);
      spool.append(new byte[5]);
      clock.advance(java.time.Duration.ofMillis(3000));
      spool.append(new byte[7]);
      clock.advance(java.time.Duration.ofMillis(2000));
      assertThat(spool.oldestUnacknowledgedAge()).isEqualTo(Duration.ofSeconds(5));
      assertThat(spool.backlogRecords()).isEqualTo(2);
      assertThat(spool.backlogBytes()).isEqualTo(2L * HEADER + 12);
      assertThat(spool.read(0, 1, 100).getFirst().appendedAt()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));

      spool.acknowledge(1);
      assertThat(spool.oldestUnacknowledgedAge()).isEqualTo(Duration.ofSeconds(2));
      spool.acknowledge(2);
      assertThat(spool.oldestUnacknowledgedAge()).isEqualTo(Duration.ZERO);
      assertThat(spool.backlogBytes()).isZero();
    }
  }

  @Test
  void aRecordDamagedWhileOpenIsSkippedByReadAndCounted(TestInfo info) throws Exception {
    Path directory = dir(info);
    try (Spool spool = Spool.open(config(directory, 4096, 1 << 20))) {
      spool.append(bytes("first"));
      spool.append(bytes("second"));
      spool.append(bytes("third"));
      Spool.RecordLocation second = spool.locations().get(1);
      try (RandomAccessFile file = new RandomAccessFile(second.segment().toFile(), "rw")) {
        file.seek(second.offset() + HEADER);
        file.write('X');
      }
      assertThat(spool.read(0, 10, 1000)).extracting(SpoolTestSupport::text).containsExactly("first", "third");
      assertThat(spool.corruptRecordsSkipped()).isEqualTo(1);
    }
  }

  @Test
  void aReadWindowOfOnlyDamagedRecordsMovesOnToTheNextIntactOne(TestInfo info) throws Exception {
    Path directory = dir(info);
    try (Spool spool = Spool.open(config(directory, 4096, 1 << 20))) {
      for (String text : List.of("a", "b", "c", "d")) {
        spool.append(bytes(text));
      }
      for (Spool.RecordLocation damaged : spool.locations().subList(0, 2)) {
        try (RandomAccessFile file = new RandomAccessFile(damaged.segment().toFile(), "rw")) {
          file.seek(damaged.offset() + HEADER);
          file.write('X');
        }
      }
      // a window of two records holds only the damaged ones: the read goes on rather than return nothing
      assertThat(spool.read(0, 2, 1000)).extracting(SpoolRecord::sequence).containsExactly(3L, 4L);
      assertThat(spool.corruptRecordsSkipped()).isEqualTo(2);
    }
  }

  @Test
  void concurrentAppendersGetUniqueContiguousSequences(TestInfo info) throws Exception {
    int threads = 8;
    int perThread = 300;
    ConcurrentLinkedQueue<Long> sequences = new ConcurrentLinkedQueue<>();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try (Spool spool = Spool.open(config(dir(info), 1024, 1 << 22))) {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        futures.add(pool.submit(() -> {
          for (int i = 0; i < perThread; i++) {
            sequences.add(spool.append(("t" + thread + "-" + i).getBytes(StandardCharsets.UTF_8)));
          }
          return null;
        }));
      }
      for (Future<?> future : futures) {
        future.get();
      }
      assertThat(sequences).hasSize(threads * perThread).doesNotHaveDuplicates();
      assertThat(sequences.stream().mapToLong(Long::longValue).max().orElseThrow()).isEqualTo(threads * perThread);
      List<SpoolRecord> records = spool.read(0, Integer.MAX_VALUE, Integer.MAX_VALUE);
      assertThat(records).hasSize(threads * perThread);
      for (int t = 0; t < threads; t++) {
        String prefix = "t" + t + "-";
        assertThat(records.stream().map(SpoolTestSupport::text).filter(s -> s.startsWith(prefix)).toList())
            .as("thread %d's records in its own order", t)
            .isEqualTo(java.util.stream.IntStream.range(0, perThread).mapToObj(i -> prefix + i).toList());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aRecordEncodedIntoTheReusedBufferIsTheSameBytesAsTheReferenceEncoding() {
    byte[] payload = "{\"v\":1,\"sql\":\"SELECT 1\"} and more".getBytes(StandardCharsets.UTF_8);
    java.nio.ByteBuffer reused = java.nio.ByteBuffer.allocateDirect(256);
    java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
    for (int length : new int[] {0, 1, 17, payload.length}) {
      RecordFormat.encode(reused.clear(), crc, 42L + length, 1_700_000_000_123L, payload, length);
      byte[] got = new byte[reused.flip().remaining()];
      reused.get(got);
      java.nio.ByteBuffer expected =
          RecordFormat.encode(42L + length, 1_700_000_000_123L, java.util.Arrays.copyOf(payload, length));
      byte[] want = new byte[expected.remaining()];
      expected.get(want);
      assertThat(got).as("length %d", length).isEqualTo(want);
    }
  }

  @Test
  void appendingAPrefixOfAnArraySpoolsOnlyThePrefixAndRecordsLargerThanTheBufferGrowIt(TestInfo info)
      throws Exception {
    byte[] big = new byte[20_000];
    java.util.Arrays.fill(big, (byte) 'x');
    try (Spool spool = Spool.open(new SpoolConfig(dir(info), 1 << 20, 1 << 22, FsyncPolicy.never(), 1 << 16))) {
      spool.append(bytes("first-and-ignored-tail"), 5);
      spool.appendForcedSoon(big, big.length);
      spool.appendDurablyAsync(bytes("third!"), 5).get();
      assertThat(spool.read(0, 10, 1 << 20)).extracting(SpoolTestSupport::text)
          .containsExactly("first", new String(big, StandardCharsets.UTF_8), "third");
      assertThatThrownBy(() -> spool.append(bytes("abc"), 4)).isInstanceOf(IndexOutOfBoundsException.class);
    }
  }
}
