package dev.jitgate.app.outbox;

import dev.jitgate.auditor.ingest.IngestProcessor;
import dev.jitgate.auditor.ingest.IngestReport;
import dev.jitgate.auditor.store.AuditStoreException;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Delivers admin events straight into the {@link IngestProcessor} of the auditor role in the same process. */
public final class LocalIngestSink implements AdminEventSink {

  private static final Logger log = LoggerFactory.getLogger(LocalIngestSink.class);

  private final IngestProcessor processor;

  public LocalIngestSink(IngestProcessor processor) {
    this.processor = Objects.requireNonNull(processor, "processor");
  }

  @Override
  public Delivery deliver(List<String> ndjsonLines) {
    IngestReport report;
    try {
      report = processor.ingest(String.join("\n", ndjsonLines) + "\n");
    } catch (AuditStoreException e) {
      return new Delivery.Failed("audit store: " + e.getMessage());
    } catch (RuntimeException e) {
      return new Delivery.Failed("ingest failed: " + e.getClass().getSimpleName());
    }
    if (!report.invalid().isEmpty()) {
      log.error("ALERT: the auditor refused {} admin event line(s), e.g. {}", report.invalid().size(),
          report.invalid().getFirst());
    }
    return new Delivery.Delivered();
  }

  @Override
  public void close() {
    // the processor belongs to the auditor role
  }

  @Override
  public String toString() {
    return "LocalIngestSink";
  }
}
