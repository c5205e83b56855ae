package dev.jitgate.proxy.bench;

import dev.jitgate.audit.event.SessionContext;
import dev.jitgate.pg.backend.BackendMessage;
import dev.jitgate.pg.backend.BackendMessages;
import dev.jitgate.pg.backend.CommandComplete;
import dev.jitgate.pg.backend.ReadyForQuery;
import dev.jitgate.proxy.audit.AuditPipeline;
import dev.jitgate.proxy.audit.AuditSettings;
import dev.jitgate.proxy.audit.SessionAudit;
import dev.jitgate.proxy.audit.emit.MessageTap;
import dev.jitgate.proxy.audit.emit.StatementTracker;
import dev.jitgate.proxy.audit.emit.TrackerConfig;
import dev.jitgate.proxy.audit.spool.FsyncPolicy;
import dev.jitgate.proxy.audit.spool.SpoolConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * CPU cost of auditing one pgbench-style statement on the event loop: the simple Query, a DataRow, the
 * CommandComplete and ReadyForQuery, as the relay's scanners hand them over. {@code trackerOnly} is the baseline
 * (decoding and statement tracking, events discarded); {@code audited} adds what audit-on adds: the hash chain,
 * canonical JSON and the spool append (on tmpfs when available: disk speed is not measured, the write system call
 * is). {@code fsync} {@code never} is the event loop's work alone; {@code always} adds what the loop does to have
 * the spool's sync thread force the record soon (fail-open), the force itself runs on that thread. This measures
 * wall-clock time of the loop thread; {@link AuditCpuPerEvent} measures CPU time per event of the whole process at
 * a paced rate, which is the figure to compare on a shared machine.
 *
 * <p>Run: see docs/performance.md, section "Audit overhead".
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class AuditEmissionBenchmark {

  private static final byte[] QUERY = cstring("SELECT abalance FROM pgbench_accounts WHERE aid = 724311;");
  private static final byte[] COMPLETE = body(new CommandComplete("SELECT 1"));
  private static final byte[] READY = body(new ReadyForQuery(ReadyForQuery.TransactionStatus.IDLE));

  /** The spool's fsync policy. */
  @Param({"never", "always"})
  public String fsync;

  private Path directory;
  private AuditPipeline pipeline;
  private SessionAudit session;
  private MessageTap baseline;

  @Setup(Level.Iteration)
  public void setUp() throws IOException {
    // the spool on tmpfs when there is one: the benchmark appends far faster than a real proxy, and on a disk
    // the kernel's dirty-page throttling would dominate what is meant to be CPU cost per statement
    Path shm = Path.of("/dev/shm");
    directory = Files.isDirectory(shm) ? Files.createTempDirectory(shm, "jitgate-audit-bench")
        : Files.createTempDirectory("jitgate-audit-bench");
    pipeline = AuditPipeline.start(new AuditSettings(false,
        new SpoolConfig(directory, 64L << 20, 64L << 30,
        fsync.equals("always") ? new FsyncPolicy.Always() : new FsyncPolicy.Never(), 4 << 20), null,
        TrackerConfig.DEFAULTS), "bench", new SimpleMeterRegistry());
    session = pipeline.openSession(new SessionContext(pipeline.newSessionId(), "bench", "alice",
        "01930000-0000-7000-8000-000000000001", "shop", "bench", "jitgate_alice"));
    baseline = new MessageTap(new StatementTracker(TrackerConfig.DEFAULTS, body -> { }));
  }

  @TearDown(Level.Iteration)
  public void tearDown() throws IOException {
    pipeline.close();
    try (Stream<Path> files = Files.walk(directory)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @Benchmark
  public void trackerOnly() {
    long now = System.nanoTime();
    baseline.frontend((byte) 'Q', QUERY, QUERY.length, now);
    baseline.backend((byte) 'D', new byte[0], 12, now);
    baseline.backend((byte) 'C', COMPLETE, COMPLETE.length, now);
    baseline.backend((byte) 'Z', READY, READY.length, now);
  }

  @Benchmark
  public void audited() {
    session.frontend((byte) 'Q', QUERY, QUERY.length);
    session.backend((byte) 'D', new byte[0], 12);
    session.backend((byte) 'C', COMPLETE, COMPLETE.length);
    session.backend((byte) 'Z', READY, READY.length);
  }

  /** {@code s} as a NUL-terminated UTF-8 string, as in message bodies. */
  static byte[] cstring(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[b.length + 1];
    System.arraycopy(b, 0, out, 0, b.length);
    return out;
  }

  /** The body (after type and length) of an encoded backend message. */
  static byte[] body(BackendMessage m) {
    ByteBuf buf = Unpooled.buffer();
    BackendMessages.encode(m, buf);
    byte[] all = ByteBufUtil.getBytes(buf);
    buf.release();
    byte[] out = new byte[all.length - 5];
    System.arraycopy(all, 5, out, 0, out.length);
    return out;
  }
}
