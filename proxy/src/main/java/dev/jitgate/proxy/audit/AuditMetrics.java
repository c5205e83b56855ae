package dev.jitgate.proxy.audit;

import dev.jitgate.proxy.audit.ship.Shipper;
import dev.jitgate.proxy.audit.spool.Spool;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.List;

/**
 * The audit pipeline's meters, tagged with the proxy name: events and bytes appended, append failures by
 * reason, sessions ended for lack of audit, the spool backlog (records, bytes, age of the oldest) and the
 * shipper's progress. Gauges read the spool and shipper when scraped.
 */
final class AuditMetrics {
  private final MeterRegistry registry;
  private final List<Meter> meters = new ArrayList<>();
  private final Counter events;
  private final Counter bytes;
  private final Counter full;
  private final Counter io;
  private final Counter refused;

  AuditMetrics(MeterRegistry registry, String proxyName, Spool spool, Shipper shipper, boolean failClosed) {
    this.registry = registry;
    Tags tags = Tags.of("proxy", proxyName);
    events = add(Counter.builder("jitgate.audit.events").description("Audit events appended to the spool")
        .tags(tags).register(registry));
    bytes = add(Counter.builder("jitgate.audit.event.bytes").description("Bytes of audit events appended")
        .baseUnit("bytes").tags(tags).register(registry));
    full = add(Counter.builder("jitgate.audit.append.failures").description("Audit events that could not be spooled")
        .tags(tags.and("reason", "full")).register(registry));
    io = add(Counter.builder("jitgate.audit.append.failures").description("Audit events that could not be spooled")
        .tags(tags.and("reason", "io")).register(registry));
    refused = add(Counter.builder("jitgate.audit.sessions.refused")
        .description("Sessions ended because their audit could not be recorded").tags(tags).register(registry));
    add(Gauge.builder("jitgate.audit.spool.backlog.records", spool, Spool::backlogRecords)
        .description("Audit events not yet acknowledged by the auditor").tags(tags).register(registry));
    add(Gauge.builder("jitgate.audit.spool.backlog.bytes", spool, Spool::backlogBytes)
        .description("Bytes of audit events not yet acknowledged").baseUnit("bytes").tags(tags).register(registry));
    add(Gauge.builder("jitgate.audit.spool.oldest.age", spool, s -> s.oldestUnacknowledgedAge().toMillis() / 1000.0)
        .description("Age of the oldest unacknowledged audit event").baseUnit("seconds").tags(tags)
        .register(registry));
    add(Gauge.builder("jitgate.audit.spool.size", spool, Spool::totalBytes)
        .description("Bytes of spool segment files on disk").baseUnit("bytes").tags(tags).register(registry));
    add(Gauge.builder("jitgate.audit.spool.corrupt.skipped", spool, Spool::corruptRecordsSkipped)
        .description("Spool records skipped because they were damaged on disk").tags(tags).register(registry));
    add(FunctionCounter.builder("jitgate.audit.spool.forces", spool, Spool::segmentForces)
        .description("Forces (fsync) of spool segment files").tags(tags).register(registry));
    add(Gauge.builder("jitgate.audit.fail.closed", () -> failClosed ? 1 : 0)
        .description("1 when statements wait for their audit event to be durable").tags(tags).register(registry));
    if (shipper != null) {
      add(Gauge.builder("jitgate.audit.shipper.consecutive.failures", shipper,
              s -> s.status().consecutiveFailures())
          .description("Failed deliveries to the auditor since the last success").tags(tags).register(registry));
      add(Gauge.builder("jitgate.audit.shipper.shipped.records", shipper, s -> s.status().shippedRecords())
          .description("Audit events delivered to the auditor").tags(tags).register(registry));
      add(Gauge.builder("jitgate.audit.shipper.last.success", shipper,
              s -> s.status().lastSuccess() == null ? 0 : s.status().lastSuccess().toEpochMilli() / 1000.0)
          .description("When a batch was last delivered (epoch seconds, 0 = never)").baseUnit("seconds").tags(tags)
          .register(registry));
    }
  }

  private <M extends Meter> M add(M meter) {
    meters.add(meter);
    return meter;
  }

  void appended(int payloadBytes) {
    events.increment();
    bytes.increment(payloadBytes);
  }

  void appendFailed(String reason) {
    (reason.equals("full") ? full : io).increment();
  }

  void sessionRefused() {
    refused.increment();
  }

  /** Removes the meters (the gauges would otherwise keep the closed spool reachable). */
  void close() {
    meters.forEach(registry::remove);
  }
}
