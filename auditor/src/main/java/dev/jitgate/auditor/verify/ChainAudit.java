package dev.jitgate.auditor.verify;

import dev.jitgate.auditor.store.AuditStore;
import java.time.Instant;
import java.util.Objects;

/**
 * Re-verifies, from storage, the hash chains of the sessions active in a time range: every stored event is
 * re-hashed from its canonical line, so an event removed or altered in the store after ingestion is found,
 * and so is a session without {@code session.end} that is no longer open.
 */
public final class ChainAudit {
  private final AuditStore store;

  /** An audit reading from {@code store}. */
  public ChainAudit(AuditStore store) {
    this.store = Objects.requireNonNull(store, "store");
  }

  /**
   * Verifies the sessions active in {@code [from, to)} (either bound may be null), at most {@code maxSessions}
   * of them (1..10,000).
   */
  public VerificationReport verify(Instant from, Instant to, int maxSessions) {
    throw new UnsupportedOperationException("not yet");
  }
}
