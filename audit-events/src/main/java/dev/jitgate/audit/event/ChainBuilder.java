package dev.jitgate.audit.event;

import java.time.Clock;
import java.util.Objects;

/**
 * The producer side of one session's hash chain: gives every appended event a fresh UUIDv7, the
 * clock's time, the next {@code seq} and the {@code prev} hash of the event before it. One builder per
 * session (or admin stream); appends are serialized.
 */
public final class ChainBuilder {
  private final SessionContext context;
  private final UuidV7 ids;
  private final Clock clock;
  private final AuditEventJson json;
  private ChainLink head;
  private final java.security.MessageDigest digest = CanonicalJson.newSha256();

  /** A builder for a new session. */
  public ChainBuilder(SessionContext context, UuidV7 ids, Clock clock, AuditEventJson json) {
    this(context, ids, clock, json, ChainLink.GENESIS);
  }

  /** A builder that continues a chain whose last event is {@code head}. */
  public ChainBuilder(SessionContext context, UuidV7 ids, Clock clock, AuditEventJson json, ChainLink head) {
    this.context = Objects.requireNonNull(context, "context");
    this.ids = Objects.requireNonNull(ids, "ids");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.json = Objects.requireNonNull(json, "json");
    this.head = Objects.requireNonNull(head, "head");
  }

  /** Appends {@code body} with the session's context. */
  public AuditEvent append(EventBody body) {
    return append(context, body, null);
  }

  /**
   * Appends {@code body} with another context of the same session (e.g. the actor of an admin event)
   * and, when {@code id} is not null, that event id (e.g. the outbox event's id, so replays dedupe).
   */
  public AuditEvent append(SessionContext eventContext, EventBody body, String id) {
    return appendEncoded(eventContext, body, id).event();
  }

  /** Appends {@code body} with the session's context and returns it with its canonical line (encoded once). */
  public EncodedEvent appendEncoded(EventBody body) {
    return appendEncoded(context, body, null);
  }

  /** Like {@link #append(SessionContext, EventBody, String)}, returning the canonical line as well. */
  public synchronized EncodedEvent appendEncoded(SessionContext eventContext, EventBody body, String id) {
    Objects.requireNonNull(body, "body");
    if (!eventContext.session().equals(context.session())) {
      throw new IllegalArgumentException("a chain builder serves session " + context.session() + " only");
    }
    Envelope envelope = new Envelope(
        id == null ? ids.nextString() : id, clock.instant(), eventContext.session(), head.seq() + 1,
        eventContext.proxy(), eventContext.principal(), eventContext.grant(), eventContext.integration(),
        eventContext.database(), eventContext.dbRole(), head.hash());
    AuditEvent event = new AuditEvent(envelope, body);
    String line = json.write(event);
    head = new ChainLink(envelope.seq(), CanonicalJson.sha256(line, digest));
    return new EncodedEvent(event, line);
  }

  /** The last appended event's seq and hash. */
  public synchronized ChainLink head() {
    return head;
  }
}
