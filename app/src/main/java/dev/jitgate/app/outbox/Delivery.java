package dev.jitgate.app.outbox;

/** What became of one attempt to deliver a batch of admin events. */
public sealed interface Delivery {

  /** The auditor has the events (HTTP 2xx, or the local ingest returned): the outbox may be acknowledged. */
  record Delivered() implements Delivery {}

  /**
   * The batch did not arrive; it is retried unchanged after a backoff.
   *
   * @param description what went wrong, without payloads or secrets
   */
  record Failed(String description) implements Delivery {}
}
