package dev.jitgate.auditor.bench;

import dev.jitgate.audit.event.AuditEvent;
import dev.jitgate.audit.event.AuditEventJson;
import dev.jitgate.auditor.ingest.IngestProcessor;
import dev.jitgate.auditor.ingest.IngestReport;
import dev.jitgate.auditor.store.IngestResult;
import dev.jitgate.auditor.store.SqliteAuditStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.ThreadParams;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Auditor ingest throughput into SQLite, in events per second (one operation = one event; one invocation =
 * one batch of {@value #BATCH} events, as a proxy's shipper sends them).
 * <ul>
 *   <li>{@code ingest}: one shipper; the whole path (NDJSON parse and validation, canonical form and hash,
 *       classification, chain check, aggregation, one store transaction with events, summaries and
 *       alerts);</li>
 *   <li>{@code ingestTwoShippers}: the same with two proxies shipping concurrently (their parse and
 *       classification overlap; the chain check and the store write are serialized);</li>
 *   <li>{@code storeAppend}: the baseline, the raw {@link SqliteAuditStore#append} of the same kind of
 *       already-parsed events, without summaries.</li>
 * </ul>
 * Each benchmark writes to a fresh SQLite file in a temporary directory (WAL, {@code synchronous=FULL}).
 * Batches are generated before each invocation, outside the measured time. Run {@link #main} to get the
 * scores and their ratios to the baseline (see docs/performance.md, "Audit ingest").
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(IngestBenchmark.BATCH)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "--enable-native-access=ALL-UNNAMED"})
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
public class IngestBenchmark {
  /** Events per batch. */
  static final int BATCH = 1000;

  /** The auditor: one store file and one ingest processor, shared by the shipping threads. */
  @State(Scope.Benchmark)
  public static class Auditor {
    private Path dir;
    SqliteAuditStore store;
    IngestProcessor processor;

    /** Opens a fresh store. */
    @Setup(Level.Trial)
    public void open() throws IOException {
      AuditEventJson json = new AuditEventJson();
      dir = Files.createTempDirectory("jitgate-ingest-bench");
      store = SqliteAuditStore.open(dir.resolve("audit.db"), json);
      processor = new IngestProcessor(store, json);
    }

    /** Closes the store and removes its files. */
    @TearDown(Level.Trial)
    public void close() throws IOException {
      store.close();
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }

  /** One proxy's shipper: its own sessions, the next batch as events and as NDJSON. */
  @State(Scope.Thread)
  public static class Shipper {
    /** Concurrent sessions interleaved in this shipper's batches. */
    @Param("100")
    public int sessions;

    /** Statements after which a session ends (and a new one starts). */
    @Param("200")
    public int statementsPerSession;

    private BatchSource source;
    List<AuditEvent> events;
    String body;

    /** Starts this shipper's sessions. */
    @Setup(Level.Trial)
    public void start(ThreadParams thread) {
      source = new BatchSource(new AuditEventJson(), "proxy" + thread.getThreadIndex(), sessions, BATCH,
          statementsPerSession);
    }

    /** Prepares the next batch (not measured). */
    @Setup(Level.Invocation)
    public void nextBatch() {
      events = source.next();
      body = source.ndjson(events);
    }
  }

  /** The whole ingest path for one NDJSON batch, one shipper. */
  @Benchmark
  public IngestReport ingest(Auditor auditor, Shipper shipper) {
    return checked(auditor.processor.ingest(shipper.body));
  }

  /** The whole ingest path, two shippers sending concurrently. */
  @Benchmark
  @Threads(2)
  public IngestReport ingestTwoShippers(Auditor auditor, Shipper shipper) {
    return checked(auditor.processor.ingest(shipper.body));
  }

  /** Baseline: the raw store append of one pre-parsed batch. */
  @Benchmark
  public IngestResult storeAppend(Auditor auditor, Shipper shipper) {
    IngestResult result = auditor.store.append(shipper.events);
    if (result.stored() != BATCH) {
      throw new IllegalStateException("unexpected append outcome: " + result);
    }
    return result;
  }

  private static IngestReport checked(IngestReport report) {
    if (report.accepted() != BATCH || !report.alerts().isEmpty() || !report.invalid().isEmpty()) {
      throw new IllegalStateException("unexpected ingest outcome: " + report.accepted() + " accepted, "
          + report.alerts().size() + " alerts, " + report.invalid().size() + " invalid");
    }
    return report;
  }

  /**
   * Runs the benchmarks (JMH command-line options are accepted, e.g. {@code -f 1 -wi 2 -i 3}) and prints
   * events/s of each and the ratios to the storeAppend baseline.
   */
  public static void main(String[] args) throws Exception {
    CommandLineOptions cli = new CommandLineOptions(args);
    OptionsBuilder builder = new OptionsBuilder();
    builder.parent(cli);
    if (cli.getIncludes().isEmpty()) {
      builder.include(IngestBenchmark.class.getName() + "\\.");
    }
    Options options = builder.build();
    Collection<RunResult> results = new Runner(options).run();
    Double baseline = null;
    for (RunResult r : results) {
      if (r.getParams().getBenchmark().endsWith(".storeAppend")) {
        baseline = r.getPrimaryResult().getScore();
      }
    }
    System.out.println();
    for (RunResult r : results) {
      String name = r.getParams().getBenchmark();
      double score = r.getPrimaryResult().getScore();
      System.out.printf(Locale.ROOT, "%-20s %,10.0f events/s  (±%,.0f)%s%n", name.substring(name.lastIndexOf('.') + 1),
          score, r.getPrimaryResult().getScoreError(),
          baseline == null ? "" : String.format(Locale.ROOT, "  ratio to storeAppend %.2f", score / baseline));
    }
  }
}
