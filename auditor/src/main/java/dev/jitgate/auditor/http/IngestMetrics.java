package dev.jitgate.auditor.http;

import dev.jitgate.audit.event.AlertKind;
import dev.jitgate.auditor.ingest.ChainAlert;
import dev.jitgate.auditor.ingest.IngestReport;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The auditor's ingest meters, for Prometheus: what every {@code POST /v1/events} answered, how many events it
 * stored, skipped as duplicates or refused as invalid, the chain alerts it raised, and how long the ingest
 * took. Names and labels are documented in docs/audit.md ("Metrics (auditor)"). Thread-safe.
 */
public final class IngestMetrics {

  private final MeterRegistry registry;
  private final Counter accepted;
  private final Counter duplicates;
  private final Counter invalid;
  private final Map<AlertKind, Counter> alerts = new EnumMap<>(AlertKind.class);
  private final Timer ingest;

  /** Meters registered in {@code registry}. */
  public IngestMetrics(MeterRegistry registry) {
    this.registry = Objects.requireNonNull(registry, "registry");
    accepted = events("accepted");
    duplicates = events("duplicate");
    invalid = events("invalid");
    for (AlertKind kind : AlertKind.values()) {
      alerts.put(kind, Counter.builder("jitgate_auditor_chain_alerts")
          .description("Hash-chain and sequence problems found while ingesting, by kind")
          .tag("kind", kind.json())
          .register(registry));
    }
    ingest = Timer.builder("jitgate_auditor_ingest")
        .description("Time to validate, check, classify and durably store one batch")
        .register(registry);
    for (int status : new int[] {200, 400, 401, 413, 415, 503}) {
      requests(status); // present from the start, so that rates and alerts work before the first error
    }
  }

  /** Meters that go nowhere (for embedding and tests that do not look at them). */
  public static IngestMetrics discarding() {
    return new IngestMetrics(new CompositeMeterRegistry());
  }

  private Counter events(String outcome) {
    return Counter.builder("jitgate_auditor_events")
        .description("Event lines received, by outcome: accepted (stored), duplicate (already stored), invalid")
        .tag("outcome", outcome)
        .register(registry);
  }

  private Counter requests(int status) {
    return Counter.builder("jitgate_auditor_requests")
        .description("POST /v1/events requests, by HTTP status of the answer")
        .tag("status", Integer.toString(status))
        .register(registry);
  }

  /** A batch stored in {@code nanos}, with its report. */
  void stored(IngestReport report, long nanos) {
    accepted.increment(report.accepted());
    duplicates.increment(report.duplicates());
    invalid.increment(report.invalid().size());
    for (ChainAlert alert : report.alerts()) {
      alerts.get(alert.kind()).increment();
    }
    ingest.record(nanos, TimeUnit.NANOSECONDS);
    requests(200).increment();
  }

  /** A request answered with {@code status} without storing anything (refused, or the store failed). */
  void refused(int status) {
    requests(status).increment();
  }
}
