package dev.jitgate.proxy.audit.spool;

import static dev.jitgate.proxy.audit.spool.SpoolTestSupport.freshDirectory;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jitgate.proxy.audit.spool.SpoolTestSupport.CountingFsync;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Model-based randomized test: a seeded sequence of appends, reads, acknowledgements, crashes
 * (files closed without forcing, last segment cut at a random point after its forced size),
 * graceful reopens and single-byte corruption of older segments, each followed by a comparison
 * with an in-memory model. Seeds are fixed and named in every assertion message.
 */
class SpoolModelTest {

  private static final long[] SEEDS = {11, 4242, 987_654_321};
  private static final int OPERATIONS = 1500;
  private static final int HEADER = RecordFormat.HEADER_BYTES;
  private static final long CAP = 1200;

  @Test
  void alwaysPolicy() throws Exception {
    runAll(FsyncPolicy.always(), "always");
  }

  @Test
  void intervalPolicy() throws Exception {
    runAll(FsyncPolicy.interval(Duration.ofMillis(2)), "interval");
  }

  @Test
  void neverPolicy() throws Exception {
    runAll(FsyncPolicy.never(), "never");
  }

  private static void runAll(FsyncPolicy policy, String name) throws Exception {
    int crashes = 0;
    int corruptions = 0;
    int refusals = 0;
    for (long seed : SEEDS) {
      Run run = new Run(seed, policy, name);
      run.execute();
      crashes += run.crashes;
      corruptions += run.corruptions;
      refusals += run.refusals;
    }
    assertThat(crashes).as("crashes exercised").isPositive();
    assertThat(corruptions).as("corruptions exercised").isPositive();
    assertThat(refusals).as("cap refusals exercised").isPositive();
  }

  /** One seeded run against one policy. */
  private static final class Run {
    private final long seed;
    private final FsyncPolicy policy;
    private final Random random;
    private final SpoolConfig config;
    private final CountingFsync fsync = new CountingFsync(false);
    private final NavigableMap<Long, byte[]> model = new TreeMap<>();
    private long acknowledged;
    private Spool spool;
    private String context;
    private int crashes;
    private int corruptions;
    private int refusals;

    Run(long seed, FsyncPolicy policy, String name) {
      this.seed = seed;
      this.policy = policy;
      this.random = new Random(seed);
      Path directory = freshDirectory("SpoolModelTest-" + name + "-" + seed);
      this.config = new SpoolConfig(directory, 400, CAP, policy, 60);
    }

    void execute() throws Exception {
      spool = Spool.open(config, Clock.systemUTC(), fsync);
      try {
        for (int op = 0; op < OPERATIONS; op++) {
          int dice = random.nextInt(100);
          context = "seed " + seed + ", policy " + policy + ", op " + op + ", dice " + dice;
          if (dice < 50) {
            append();
          } else if (dice < 62) {
            readSome();
          } else if (dice < 71) {
            acknowledge();
          } else if (dice < 79) {
            crash();
          } else if (dice < 87) {
            reopen();
          } else {
            corrupt();
          }
          verify();
        }
      } finally {
        spool.close();
      }
    }

    private void append() throws Exception {
      byte[] payload = new byte[random.nextInt(61)];
      random.nextBytes(payload);
      long floor = Math.max(acknowledged, model.isEmpty() ? 0 : model.lastKey());
      try {
        long sequence = random.nextInt(5) == 0 ? spool.appendDurably(payload) : spool.append(payload);
        assertThat(sequence).as(context).isGreaterThan(floor);
        model.put(sequence, payload);
      } catch (SpoolFullException e) {
        refusals++;
        assertThat(spool.totalBytes() + HEADER + payload.length).as(context).isGreaterThan(CAP);
      }
    }

    private void readSome() throws Exception {
      long after = model.isEmpty() || random.nextBoolean()
          ? acknowledged
          : new ArrayList<>(model.keySet()).get(random.nextInt(model.size()));
      int maxRecords = 1 + random.nextInt(20);
      int maxBytes = 1 + random.nextInt(500);
      List<SpoolRecord> records = spool.read(after, maxRecords, maxBytes);
      List<Map.Entry<Long, byte[]>> expected = new ArrayList<>(model.tailMap(after, false).entrySet());
      if (!expected.isEmpty()) {
        assertThat(records).as(context).isNotEmpty();
      }
      assertThat(records.size()).as(context).isLessThanOrEqualTo(Math.min(maxRecords, expected.size()));
      long bytes = 0;
      for (int i = 0; i < records.size(); i++) {
        assertThat(records.get(i).sequence()).as(context).isEqualTo(expected.get(i).getKey());
        assertThat(records.get(i).payload()).as(context).isEqualTo(expected.get(i).getValue());
        bytes += records.get(i).payload().length;
      }
      if (records.size() > 1) {
        assertThat(bytes).as(context).isLessThanOrEqualTo(maxBytes);
      }
    }

    private void acknowledge() throws Exception {
      if (model.isEmpty()) {
        return;
      }
      List<Long> keys = new ArrayList<>(model.keySet());
      long through = keys.get(random.nextInt(keys.size()));
      spool.acknowledge(through);
      model.headMap(through, true).clear();
      acknowledged = through;
    }

    private void crash() throws Exception {
      crashes++;
      Spool.CrashPoint point = spool.crash();
      if (point.lastSegment() != null && Files.exists(point.lastSegment())) {
        long size = Files.size(point.lastSegment());
        assertThat(point.lastSegmentForcedSize()).as(context).isLessThanOrEqualTo(size);
        long cut = point.lastSegmentForcedSize() + (long) (random.nextDouble() * (size - point.lastSegmentForcedSize() + 1));
        try (RandomAccessFile file = new RandomAccessFile(point.lastSegment().toFile(), "rw")) {
          file.setLength(Math.min(cut, size));
        }
      }
      spool = Spool.open(config, Clock.systemUTC(), fsync);
      List<SpoolRecord> survivors = spool.read(0, Integer.MAX_VALUE, Integer.MAX_VALUE);
      List<Long> survived = survivors.stream().map(SpoolRecord::sequence).toList();
      for (long sequence : model.keySet()) {
        if (sequence <= point.durableSequence()) {
          assertThat(survived).as(context + ": durable record %d lost", sequence).contains(sequence);
        }
      }
      if (policy instanceof FsyncPolicy.Always) {
        assertThat(survived).as(context + ": ALWAYS loses nothing").containsExactlyElementsOf(model.keySet());
      }
      long firstLost = Long.MAX_VALUE;
      for (long sequence : model.keySet()) {
        if (!survived.contains(sequence)) {
          assertThat(sequence).as(context + ": only unforced records may be lost").isGreaterThan(point.durableSequence());
          firstLost = Math.min(firstLost, sequence);
        }
      }
      for (SpoolRecord record : survivors) {
        assertThat(model).as(context + ": no unknown record").containsKey(record.sequence());
        assertThat(record.sequence()).as(context + ": losses are a suffix").isLessThan(firstLost);
      }
      model.keySet().retainAll(survived);
    }

    private void reopen() throws Exception {
      spool.close();
      spool = Spool.open(config, Clock.systemUTC(), fsync);
      assertThat(spool.recoveryReport().tornTailBytes()).as(context).isZero();
    }

    private void corrupt() throws Exception {
      List<Spool.RecordLocation> locations = spool.locations();
      if (locations.isEmpty()) {
        return;
      }
      Path last = locations.getLast().segment();
      List<Spool.RecordLocation> older = locations.stream().filter(l -> !l.segment().equals(last)).toList();
      if (older.isEmpty()) {
        return;
      }
      corruptions++;
      Spool.RecordLocation victim = older.get(random.nextInt(older.size()));
      spool.close();
      spool = Spool.open(config, Clock.systemUTC(), fsync);
      long corruptBefore = spool.recoveryReport().corruptBytes();
      spool.close();
      long at = victim.offset() + random.nextInt(victim.bytes());
      try (RandomAccessFile file = new RandomAccessFile(victim.segment().toFile(), "rw")) {
        file.seek(at);
        int original = file.read();
        file.seek(at);
        file.write(original ^ (1 + random.nextInt(255)));
      }
      spool = Spool.open(config, Clock.systemUTC(), fsync);
      assertThat(spool.recoveryReport().corruptBytes() - corruptBefore).as(context).isEqualTo(victim.bytes());
      model.remove(victim.sequence());
    }

    private void verify() throws Exception {
      List<SpoolRecord> records = spool.read(0, Integer.MAX_VALUE, Integer.MAX_VALUE);
      assertThat(records).extracting(SpoolRecord::sequence).as(context).containsExactlyElementsOf(model.keySet());
      long bytes = 0;
      for (SpoolRecord record : records) {
        assertThat(record.payload()).as(context + ", record " + record.sequence()).isEqualTo(model.get(record.sequence()));
        bytes += HEADER + record.payload().length;
      }
      assertThat(spool.acknowledgedSequence()).as(context).isEqualTo(acknowledged);
      assertThat(spool.backlogRecords()).as(context).isEqualTo(model.size());
      assertThat(spool.backlogBytes()).as(context).isEqualTo(bytes);
      assertThat(spool.totalBytes()).as(context).isLessThanOrEqualTo(CAP);
    }
  }
}
