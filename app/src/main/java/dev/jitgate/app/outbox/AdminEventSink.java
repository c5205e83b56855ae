package dev.jitgate.app.outbox;

import java.util.List;

/** Where the drainer delivers admin events: an auditor over HTTP, or the ingest of the same process. */
public interface AdminEventSink extends AutoCloseable {

  /**
   * Delivers one batch.
   *
   * @param ndjsonLines the events, one canonical JSON line each, in chain order
   */
  Delivery deliver(List<String> ndjsonLines);

  /** Releases the sink's resources; a delivery in flight may fail. */
  @Override
  void close();
}
