package dev.jitgate.proxy.audit.spool;

import static dev.jitgate.proxy.audit.spool.SpoolTestSupport.bytes;
import static dev.jitgate.proxy.audit.spool.SpoolTestSupport.freshDirectory;
import static dev.jitgate.proxy.audit.spool.SpoolTestSupport.segmentFiles;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jitgate.proxy.audit.spool.RecoveryReport.AckFileState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

class SpoolRecoveryTest {

  private static final int HEADER = RecordFormat.HEADER_BYTES;
  private static final int PAYLOAD = 20;
  private static final int RECORD = HEADER + PAYLOAD;

  private static SpoolConfig config(Path directory, long segmentBytes) {
    return new SpoolConfig(directory, segmentBytes, 1 << 20, FsyncPolicy.never(), 64);
  }

  private static Path dir(TestInfo info) {
    return freshDirectory("SpoolRecoveryTest-" + info.getTestMethod().orElseThrow().getName());
  }

  private static byte[] payload(long sequence) {
    byte[] payload = new byte[PAYLOAD];
    Arrays.fill(payload, (byte) ('a' + sequence % 26));
    payload[0] = (byte) sequence;
    return payload;
  }

  private static void fill(Path directory, long segmentBytes, int records) throws Exception {
    try (Spool spool = Spool.open(config(directory, segmentBytes))) {
      for (int i = 1; i <= records; i++) {
        assertThat(spool.append(payload(i))).isEqualTo(i);
      }
    }
  }

  private static void assertReadable(Spool spool, long... sequences) throws Exception {
    List<SpoolRecord> records = spool.read(0, Integer.MAX_VALUE, Integer.MAX_VALUE);
    assertThat(records).extracting(SpoolRecord::sequence).containsExactly(Arrays.stream(sequences).boxed().toArray(Long[]::new));
    for (SpoolRecord record : records) {
      assertThat(record.payload()).as("payload of %d", record.sequence()).isEqualTo(payload(record.sequence()));
    }
  }

  @Test
  void aTailTruncatedAtEveryByteOfTheLastRecordKeepsEveryEarlierRecord(TestInfo info) throws Exception {
    Path directory = dir(info);
    long segmentBytes = 3L * RECORD;
    fill(directory, segmentBytes, 5);
    Path last = segmentFiles(directory).getLast();
    byte[] original = Files.readAllBytes(last);
    assertThat(original).hasSize(2 * RECORD);
    int lastRecordStart = RECORD;
    for (int cut = lastRecordStart; cut < original.length; cut++) {
      Files.write(last, Arrays.copyOf(original, cut));
      try (Spool spool = Spool.open(config(directory, segmentBytes))) {
        RecoveryReport report = spool.recoveryReport();
        assertThat(report.tornTailBytes()).as("cut at %d", cut).isEqualTo(cut - lastRecordStart);
        assertThat(report.corruptBytes()).as("cut at %d", cut).isZero();
        assertReadable(spool, 1, 2, 3, 4);
        assertThat(Files.size(last)).as("cut at %d", cut).isEqualTo(lastRecordStart);
        assertThat(spool.lastSequence()).isEqualTo(4);
      }
    }
    Files.write(last, Arrays.copyOf(original, lastRecordStart));
    try (Spool spool = Spool.open(config(directory, segmentBytes))) {
      assertThat(spool.append(payload(5))).isEqualTo(5);
      assertReadable(spool, 1, 2, 3, 4, 5);
    }
  }

  @Test
  void aTornFirstRecordLeavesNoEmptyLastSegmentBehind(TestInfo info) throws Exception {
    Path directory = dir(info);
    long segmentBytes = 3L * RECORD;
    fill(directory, segmentBytes, 4);
    Path last = segmentFiles(directory).getLast();
    Files.write(last, Arrays.copyOf(Files.readAllBytes(last), 10));
    try (Spool spool = Spool.open(config(directory, segmentBytes))) {
      assertThat(spool.recoveryReport().tornTailBytes()).isEqualTo(10);
      assertThat(Files.exists(last)).isFalse();
      assertReadable(spool, 1, 2, 3);
      assertThat(spool.append(payload(4))).isEqualTo(4);
      assertReadable(spool, 1, 2, 3, 4);
    }
  }

  @Test
  void everyFlippedByteOfARecordInAMiddleSegmentLosesOnlyThatRecord(TestInfo info) throws Exception {
    Path directory = dir(info);
    long segmentBytes = 3L * RECORD;
    fill(directory, segmentBytes, 9);
    Path middle = segmentFiles(directory).get(1);
    byte[] original = Files.readAllBytes(middle);
    int victimStart = RECORD;
    for (int at = victimStart; at < victimStart + RECORD; at++) {
      byte[] damaged = original.clone();
      damaged[at] ^= (byte) 0x5A;
      Files.write(middle, damaged);
      try (Spool spool = Spool.open(config(directory, segmentBytes))) {
        RecoveryReport report = spool.recoveryReport();
        assertThat(report.corruptBytes()).as("flip at %d", at).isEqualTo(RECORD);
        assertThat(report.corruptRegions()).as("flip at %d", at).isEqualTo(1);
        assertThat(report.tornTailBytes()).isZero();
        assertThat(report.clean()).isFalse();
        assertReadable(spool, 1, 2, 3, 4, 6, 7, 8, 9);
      }
    }
  }

  @Test
  void corruptionInsideTheLastSegmentIsSkippedWhenValidRecordsFollow(TestInfo info) throws Exception {
    Path directory = dir(info);
    fill(directory, 1 << 16, 4);
    Path only = segmentFiles(directory).getFirst();
    byte[] damaged = Files.readAllBytes(only);
    damaged[RECORD + HEADER + 3] ^= 1;
    Files.write(only, damaged);
    try (Spool spool = Spool.open(config(directory, 1 << 16))) {
      assertThat(spool.recoveryReport().corruptBytes()).isEqualTo(RECORD);
      assertThat(spool.recoveryReport().tornTailBytes()).isZero();
      assertReadable(spool, 1, 3, 4);
      assertThat(spool.append(payload(5))).isEqualTo(5);
    }
  }

  @Test
  void aDamagedLastRecordOfAnEarlierSegmentIsReportedNotTruncated(TestInfo info) throws Exception {
    Path directory = dir(info);
    long segmentBytes = 3L * RECORD;
    fill(directory, segmentBytes, 6);
    Path first = segmentFiles(directory).getFirst();
    byte[] damaged = Files.readAllBytes(first);
    damaged[3 * RECORD - 1] ^= 1;
    Files.write(first, damaged);
    try (Spool spool = Spool.open(config(directory, segmentBytes))) {
      assertThat(spool.recoveryReport().corruptBytes()).isEqualTo(RECORD);
      assertThat(Files.size(first)).isEqualTo(3L * RECORD);
      assertReadable(spool, 1, 2, 4, 5, 6);
    }
  }

  @Test
  void zeroLengthSegmentFilesAreRemovedAndGarbageSegmentsQuarantined(TestInfo info) throws Exception {
    Path directory = dir(info);
    long segmentBytes = 3L * RECORD;
    fill(directory, segmentBytes, 6);
    Files.write(directory.resolve("0000000000000002.seg"), new byte[0]);
    Files.write(directory.resolve("00000000000000ff.seg"), new byte[0]);
    Files.write(directory.resolve("0000000000000003.seg"), new byte[100]);
    Files.write(directory.resolve("not-a-segment.seg"), bytes("ignored"));
    try (Spool spool = Spool.open(config(directory, segmentBytes))) {
      RecoveryReport report = spool.recoveryReport();
      assertThat(report.quarantined()).containsExactly("0000000000000003.seg.corrupt");
      assertThat(report.corruptBytes()).isEqualTo(100);
      assertThat(report.tornTailBytes()).isZero();
      assertReadable(spool, 1, 2, 3, 4, 5, 6);
      assertThat(spool.append(payload(7))).isEqualTo(7);
      assertReadable(spool, 1, 2, 3, 4, 5, 6, 7);
    }
    assertThat(segmentFiles(directory)).extracting(path -> path.getFileName().toString())
        .containsExactly("0000000000000001.seg", "0000000000000004.seg", "0000000000000007.seg", "not-a-segment.seg");
    assertThat(directory.resolve("0000000000000003.seg.corrupt")).exists();
  }

  @Test
  void aMissingAckFileMeansEverythingKeptIsShippedAgain(TestInfo info) throws Exception {
    Path directory = dir(info);
    try (Spool spool = Spool.open(config(directory, 1 << 16))) {
      for (int i = 1; i <= 5; i++) {
        spool.append(payload(i));
      }
      spool.acknowledge(3);
      assertReadable(spool, 4, 5);
    }
    Files.delete(directory.resolve("ack"));
    try (Spool spool = Spool.open(config(directory, 1 << 16))) {
      assertThat(spool.recoveryReport().ackFile()).isEqualTo(AckFileState.MISSING);
      assertThat(spool.acknowledgedSequence()).isZero();
      assertReadable(spool, 1, 2, 3, 4, 5);
      assertThat(spool.recoveryReport().clean()).isTrue();
    }
  }

  @Test
  void anUnreadableAckFileIsReportedAndTreatedAsMissing(TestInfo info) throws Exception {
    Path directory = dir(info);
    fill(directory, 1 << 16, 2);
    Files.writeString(directory.resolve("ack"), "garbage");
    Files.writeString(directory.resolve("ack.tmp"), "ack 2\n");
    try (Spool spool = Spool.open(config(directory, 1 << 16))) {
      assertThat(spool.recoveryReport().ackFile()).isEqualTo(AckFileState.INVALID);
      assertThat(spool.recoveryReport().clean()).isFalse();
      assertReadable(spool, 1, 2);
    }
    assertThat(directory.resolve("ack.tmp")).doesNotExist();
  }

  @Test
  void segmentsFullyAcknowledgedBeforeACrashAreDeletedAtOpen(TestInfo info) throws Exception {
    Path directory = dir(info);
    long segmentBytes = 3L * RECORD;
    fill(directory, segmentBytes, 7);
    Files.writeString(directory.resolve("ack"), "ack 6\n");
    try (Spool spool = Spool.open(config(directory, segmentBytes))) {
      assertThat(spool.recoveryReport().acknowledgedSequence()).isEqualTo(6);
      assertReadable(spool, 7);
      assertThat(spool.segmentCount()).isEqualTo(1);
      assertThat(spool.backlogRecords()).isEqualTo(1);
    }
    assertThat(segmentFiles(directory)).extracting(path -> path.getFileName().toString())
        .containsExactly("0000000000000007.seg");
  }

  @Test
  void sequencesNeverFallBehindTheAcknowledgementPosition(TestInfo info) throws Exception {
    Path directory = dir(info);
    fill(directory, 1 << 16, 3);
    Files.writeString(directory.resolve("ack"), "ack 10\n");
    try (Spool spool = Spool.open(config(directory, 1 << 16))) {
      assertThat(spool.read(0, 100, 100_000)).isEmpty();
      assertThat(spool.append(payload(11))).isEqualTo(11);
      assertReadable(spool, LongStream.of(11).toArray());
    }
  }
}
