package dev.jitgate.audit.event;

import java.nio.charset.StandardCharsets;
import java.security.DigestException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;

/**
 * The producer side of one session's hash chain: gives every appended event a fresh UUIDv7, the
 * clock's time, the next {@code seq} and the {@code prev} hash of the event before it. One builder per
 * session (or admin stream); appends are serialized.
 *
 * <p>{@link #appendTo} is the producer's hot path: for {@code statement} and {@code statement.done} events of the
 * builder's own context it writes the canonical UTF-8 straight into a buffer the builder reuses, hashes those
 * bytes with a digest it reuses, and builds no {@link Envelope} or {@link AuditEvent}: every envelope field is
 * either the builder's own (id, time, seq, prev: valid by construction) or the context's (validated when the
 * {@link SessionContext} was made). The text is exactly what {@link AuditEventJson#write} writes for the same
 * event.
 */
public final class ChainBuilder {
  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
  /** The reused line buffer is kept up to this size; a larger one (a huge statement) is dropped after use. */
  private static final int KEEP_BUFFER_BYTES = 16 * 1024;

  private final SessionContext context;
  private final UuidV7 ids;
  private final Clock clock;
  private final AuditEventJson json;
  private final MessageDigest digest = CanonicalJson.newSha256();
  private final DirectWriter.Head fast;
  private final DirectWriter.Sink sink = new DirectWriter.Sink(1024);
  private final byte[] hash = new byte[32];
  /** The head of the chain: the last seq and, as ASCII hex, the last hash. */
  private long seq;
  private final byte[] prevHex = new byte[64];

  /**
   * Receives one canonical line (UTF-8, no newline): {@code bytes[0, length)} is valid only during the call.
   *
   * @param <X> what the receiver may throw
   */
  @FunctionalInterface
  public interface LineSink<X extends Exception> {
    /** Takes the line; copy what must outlive the call. */
    void accept(byte[] bytes, int length) throws X;
  }

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
    Objects.requireNonNull(head, "head");
    this.seq = head.seq();
    System.arraycopy(head.hash().getBytes(StandardCharsets.US_ASCII), 0, prevHex, 0, 64);
    this.fast = new DirectWriter.Head(context);
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
        id == null ? ids.nextString() : id, clock.instant(), eventContext.session(), seq + 1,
        eventContext.proxy(), eventContext.principal(), eventContext.grant(), eventContext.integration(),
        eventContext.database(), eventContext.dbRole(), new String(prevHex, StandardCharsets.US_ASCII));
    AuditEvent event = new AuditEvent(envelope, body);
    String line = json.write(event);
    byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
    advance(envelope.seq(), bytes, bytes.length);
    return new EncodedEvent(event, line);
  }

  /**
   * Appends {@code body} with the session's context and hands its canonical UTF-8 line to {@code out}; the
   * chain has advanced when {@code out} is called (as with {@link #appendEncoded}). Allocation-free for
   * {@code statement} and {@code statement.done}; other types take the {@link #appendEncoded} path.
   *
   * @throws EventFieldException when a text of the body cannot be written (an unpaired surrogate); the chain has
   *     not advanced then
   */
  public synchronized <X extends Exception> void appendTo(EventBody body, LineSink<X> out) throws X {
    Objects.requireNonNull(body, "body");
    if (body instanceof Statement s) {
      fill();
      DirectWriter.statement(sink, fast, s);
    } else if (body instanceof StatementDone d) {
      fill();
      DirectWriter.statementDone(sink, fast, d);
    } else {
      byte[] bytes = appendEncoded(context, body, null).line().getBytes(StandardCharsets.UTF_8);
      out.accept(bytes, bytes.length);
      return;
    }
    advance(fast.seq, sink.bytes, sink.length);
    try {
      out.accept(sink.bytes, sink.length);
    } finally {
      sink.trim(KEEP_BUFFER_BYTES);
    }
  }

  /** The per-event envelope fields of the next event, in the fast writer's head. */
  private void fill() {
    ids.nextAscii(fast.id, 0);
    Instant now = clock.instant();
    fast.time(now.getEpochSecond(), now.getNano());
    fast.seq = seq + 1;
    System.arraycopy(prevHex, 0, fast.prev, 0, 64);
  }

  /** Makes the event with {@code eventSeq} and canonical bytes {@code bytes[0, length)} the head. */
  private void advance(long eventSeq, byte[] bytes, int length) {
    digest.reset();
    digest.update(bytes, 0, length);
    try {
      digest.digest(hash, 0, hash.length);
    } catch (DigestException e) {
      throw new IllegalStateException("SHA-256 digests are 32 bytes", e);
    }
    for (int i = 0; i < hash.length; i++) {
      prevHex[2 * i] = HEX[(hash[i] >> 4) & 0xF];
      prevHex[2 * i + 1] = HEX[hash[i] & 0xF];
    }
    seq = eventSeq;
  }

  /** The last appended event's seq and hash. */
  public synchronized ChainLink head() {
    return new ChainLink(seq, new String(prevHex, StandardCharsets.US_ASCII));
  }
}
