package dev.jitgate.proxy.bench;

import com.sun.management.OperatingSystemMXBean;
import dev.jitgate.audit.event.SessionContext;
import dev.jitgate.pg.backend.CommandComplete;
import dev.jitgate.pg.backend.ReadyForQuery;
import dev.jitgate.proxy.audit.AuditPipeline;
import dev.jitgate.proxy.audit.AuditSettings;
import dev.jitgate.proxy.audit.SessionAudit;
import dev.jitgate.proxy.audit.emit.TrackerConfig;
import dev.jitgate.proxy.audit.spool.FsyncPolicy;
import dev.jitgate.proxy.audit.spool.SpoolConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * CPU per audit event of the proxy's whole audit path without the network: {@code threads} threads stand in for
 * event loops, each relaying pgbench {@code -S}-style statements (Query, DataRow, CommandComplete, ReadyForQuery)
 * for 4 sessions, paced to {@code rate} statements per second in total (0: as fast as possible). Every statement
 * is two events ({@code statement}, {@code statement.done}) that are chained, encoded and spooled with the given
 * fsync policy (the spool's sync or flusher thread included); no shipper. Prints the process CPU (all threads:
 * JIT, GC and spool threads too) and the "loop" threads' CPU per event over the measured phase, after a warm-up of
 * the same length. Unlike {@link AuditEmissionBenchmark} (wall-clock), CPU time is meaningful on a shared machine.
 *
 * <pre>
 * java -cp target/test-classes:target/classes:$(cat target/bench.classpath) \
 *     dev.jitgate.proxy.bench.AuditCpuPerEvent always /var/tmp/spool-bench 7000 10 2
 * </pre>
 * Arguments: fsync policy (always|interval|never), spool directory (emptied first and after), statements per
 * second, seconds measured, threads.
 */
public final class AuditCpuPerEvent {
  private static final byte[] QUERY = AuditEmissionBenchmark.cstring("SELECT abalance FROM pgbench_accounts WHERE aid = 724311;");
  private static final byte[] ROW = new byte[12];
  private static final byte[] COMPLETE = AuditEmissionBenchmark.body(new CommandComplete("SELECT 1"));
  private static final byte[] READY = AuditEmissionBenchmark.body(new ReadyForQuery(ReadyForQuery.TransactionStatus.IDLE));

  private AuditCpuPerEvent() {}

  public static void main(String[] args) throws Exception {
    FsyncPolicy policy = switch (args.length > 0 ? args[0] : "always") {
      case "always" -> new FsyncPolicy.Always();
      case "interval" -> new FsyncPolicy.Interval(Duration.ofSeconds(1));
      case "never" -> new FsyncPolicy.Never();
      default -> throw new IllegalArgumentException("fsync policy: always|interval|never, was " + args[0]);
    };
    Path directory = Path.of(args.length > 1 ? args[1] : "/var/tmp/jitgate-audit-cpu");
    long rate = args.length > 2 ? Long.parseLong(args[2]) : 7000;
    int seconds = args.length > 3 ? Integer.parseInt(args[3]) : 10;
    int threads = args.length > 4 ? Integer.parseInt(args[4]) : 2;
    delete(directory);
    AuditPipeline pipeline = AuditPipeline.start(new AuditSettings(false,
        new SpoolConfig(directory, 64L << 20, 64L << 30, policy, 4 << 20), null, TrackerConfig.DEFAULTS),
        "bench", new SimpleMeterRegistry());
    try {
      run(pipeline, rate, seconds, threads, false);
      run(pipeline, rate, seconds, threads, true);
    } finally {
      pipeline.close();
      delete(directory);
    }
  }

  private static void run(AuditPipeline pipeline, long rate, int seconds, int threads, boolean report)
      throws InterruptedException {
    OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    AtomicLong statements = new AtomicLong();
    AtomicLong loopCpu = new AtomicLong();
    List<Thread> loops = new ArrayList<>();
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    long spool0 = spoolThreadsCpu(mx);
    long cpu0 = os.getProcessCpuTime();
    long wall0 = System.nanoTime();
    for (int t = 0; t < threads; t++) {
      Thread loop = new Thread(() -> {
        long cpuStart = mx.getCurrentThreadCpuTime();
        List<SessionAudit> sessions = new ArrayList<>();
        for (int s = 0; s < 4; s++) {
          sessions.add(pipeline.openSession(new SessionContext(pipeline.newSessionId(), "bench", "alice",
              "01930000-0000-7000-8000-000000000001", "shop", "bench", "jitgate_alice")));
        }
        long start = System.nanoTime();
        long done = 0;
        int next = 0;
        for (long now = start; now < deadline; now = System.nanoTime()) {
          long due = rate == 0 ? done + 1000 : (now - start) * rate / threads / 1_000_000_000L;
          if (done >= due) {
            LockSupport.parkNanos(1_000_000); // bursts of ~1 ms: the wake-ups of a paced loop are not audit cost
            continue;
          }
          while (done < due) {
            SessionAudit session = sessions.get(next++ & 3);
            session.frontend((byte) 'Q', QUERY, QUERY.length);
            session.backend((byte) 'D', ROW, ROW.length);
            session.backend((byte) 'C', COMPLETE, COMPLETE.length);
            session.backend((byte) 'Z', READY, READY.length);
            done++;
          }
        }
        statements.addAndGet(done);
        loopCpu.addAndGet(mx.getCurrentThreadCpuTime() - cpuStart);
      }, "loop-" + t);
      loop.start();
      loops.add(loop);
    }
    for (Thread loop : loops) {
      loop.join();
    }
    long cpu = os.getProcessCpuTime() - cpu0;
    long spool = spoolThreadsCpu(mx) - spool0;
    double wall = (System.nanoTime() - wall0) / 1e9;
    if (report) {
      long events = 2 * statements.get();
      System.out.printf("events %d (%.0f/s), process CPU %.2f us/event, loop threads %.2f, spool threads %.2f%n",
          events, events / wall, cpu / 1000.0 / events, loopCpu.get() / 1000.0 / events, spool / 1000.0 / events);
    }
  }

  /** CPU time of the spool's sync and flusher threads so far. */
  private static long spoolThreadsCpu(ThreadMXBean mx) {
    long sum = 0;
    for (var info : mx.getThreadInfo(mx.getAllThreadIds())) {
      if (info != null && info.getThreadName().startsWith("jitgate-spool")) {
        sum += Math.max(0, mx.getThreadCpuTime(info.getThreadId()));
      }
    }
    return sum;
  }

  private static void delete(Path directory) throws java.io.IOException {
    if (!Files.exists(directory)) {
      return;
    }
    try (Stream<Path> files = Files.walk(directory)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
