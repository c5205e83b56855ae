package dev.jitgate.auditor.bench;

import dev.jitgate.audit.event.AuditEventJson;
import dev.jitgate.audit.event.ParseResult;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The auditor's per-line parse and validation ({@link AuditEventJson#read(int, String)}) of the lines a shipper
 * sends: a batch of {@value IngestBenchmark#BATCH} canonical {@code statement} / {@code statement.done} lines from
 * {@link BatchSource}, in average nanoseconds per line. Not run by {@code mvn verify}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(IngestBenchmark.BATCH)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@State(Scope.Thread)
public class EventReadBenchmark {
  private final AuditEventJson json = new AuditEventJson();
  private List<String> lines;

  /** One batch of lines, generated once. */
  @Setup
  public void lines() {
    BatchSource source = new BatchSource(json, "bench-proxy", 100, IngestBenchmark.BATCH, 200);
    source.next(); // past the session starts
    lines = source.ndjson(source.next()).lines().toList();
  }

  /** Reads every line of the batch. */
  @Benchmark
  public void read(Blackhole sink) {
    for (int i = 0; i < lines.size(); i++) {
      ParseResult result = json.read(i + 1, lines.get(i));
      if (!(result instanceof ParseResult.Ok)) {
        throw new IllegalStateException("line " + (i + 1) + " did not read: " + result);
      }
      sink.consume(result);
    }
  }
}
