package dev.jitgate.auditor.ingest;

import dev.jitgate.audit.event.AuditEvent;
import dev.jitgate.audit.event.AuditEventJson;
import dev.jitgate.audit.event.ChainBuilder;
import dev.jitgate.audit.event.ChainLink;
import dev.jitgate.audit.event.EncodedEvent;
import dev.jitgate.audit.event.SessionContext;
import dev.jitgate.audit.event.UuidV7;
import dev.jitgate.auditor.session.SessionAggregator;
import dev.jitgate.auditor.session.SessionSummary;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * The auditor's own hash chain of {@code alert} events: session {@code auditor-<UUIDv7>} (fresh for each
 * instance, i.e. each auditor run), seq from 1, {@code proxy} the auditor's name, no principal, grant,
 * integration, database or role. {@link #extend} prepares the events for one batch's alerts without changing
 * the chain; {@link #committed} makes them the chain's head once the store has them, so a batch that fails to
 * store leaves no hole in the chain. Not thread-safe: called by the one batch that holds the ingest writer.
 */
final class AlertChain {
  /** The prefix of the auditor chains' session ids; producers may not use it. */
  static final String SESSION_PREFIX = "auditor-";

  private final SessionContext context;
  private final UuidV7 ids;
  private final AuditEventJson json;
  private final SessionAggregator aggregator;
  private ChainLink head = ChainLink.GENESIS;
  private SessionSummary summary;

  /**
   * @param name the auditor's name, the {@code proxy} field of its alert events
   * @param ids makes the session id and the event ids
   */
  AlertChain(String name, UuidV7 ids, AuditEventJson json, SessionAggregator aggregator) {
    this.ids = Objects.requireNonNull(ids, "ids");
    this.json = Objects.requireNonNull(json, "json");
    this.aggregator = Objects.requireNonNull(aggregator, "aggregator");
    this.context = new SessionContext(SESSION_PREFIX + ids.nextString(), name, null, null, null, null, null);
  }

  /** The chain's session id. */
  String session() {
    return context.session();
  }

  /**
   * The events reporting {@code alerts}, detected at {@code now}, appended after the committed head, with
   * the chain's summary after them; the chain itself is unchanged until {@link #committed}.
   */
  Extension extend(List<ChainAlert> alerts, Instant now) {
    if (alerts.isEmpty()) {
      return new Extension(List.of(), List.of(), head, summary);
    }
    ChainBuilder builder = new ChainBuilder(context, ids, Clock.fixed(now, ZoneOffset.UTC), json, head);
    List<AuditEvent> events = new ArrayList<>(alerts.size());
    List<String> lines = new ArrayList<>(alerts.size());
    for (ChainAlert alert : alerts) {
      EncodedEvent encoded = builder.appendEncoded(alert.toBody());
      events.add(encoded.event());
      lines.add(encoded.line());
    }
    SessionSummary next = aggregator.applyAll(summary, events, Collections.nCopies(events.size(), null));
    return new Extension(events, lines, builder.head(), next);
  }

  /** Makes {@code extension} (the last one {@link #extend} returned) the committed state. */
  void committed(Extension extension) {
    head = extension.head();
    summary = extension.summary();
  }

  /**
   * One batch's alert events, not yet committed.
   *
   * @param events the events, in seq order
   * @param lines their canonical lines
   * @param head the chain's head after them
   * @param summary the chain's summary after them (null while the chain is empty)
   */
  record Extension(List<AuditEvent> events, List<String> lines, ChainLink head, SessionSummary summary) {}
}
