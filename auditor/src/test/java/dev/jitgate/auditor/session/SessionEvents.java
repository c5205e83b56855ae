package dev.jitgate.auditor.session;

import dev.jitgate.audit.event.AuditEvent;
import dev.jitgate.audit.event.ChainLink;
import dev.jitgate.audit.event.Envelope;
import dev.jitgate.audit.event.EventBody;
import dev.jitgate.audit.event.UuidV7;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;

/** Builds the events of one test session with consecutive seqs, one second apart from {@link #T0}. */
final class SessionEvents {
  static final Instant T0 = Instant.parse("2026-11-29T10:00:00Z");

  private final UuidV7 ids = new UuidV7(Clock.systemUTC(), new SecureRandom());
  private final String session;
  private long seq;

  SessionEvents(String session) {
    this.session = session;
  }

  /** The next event: seq + 1, at T0 + seq seconds. */
  AuditEvent next(EventBody body) {
    seq++;
    return at(seq, body);
  }

  /** An event at an explicit seq (for replays and gaps). */
  AuditEvent at(long atSeq, EventBody body) {
    Envelope envelope = new Envelope(ids.nextString(), T0.plusSeconds(atSeq), session, atSeq, "proxy-1",
        "alice@example.com", "grant-7", "billing", "billing_db", "jit_alice", ChainLink.ZERO_HASH);
    return new AuditEvent(envelope, body);
  }
}
