package dev.jitgate.auditor.ingest;

import dev.jitgate.audit.event.ChainFinding;
import dev.jitgate.auditor.store.AuditAlert;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A hash-chain or sequence problem found while ingesting: the input of a future alert event (schema v1 has
 * no alert type yet). Holds ids, seqs and hashes only, so it is safe to log.
 *
 * @param session the session whose chain is broken
 * @param kind what is wrong
 * @param seq the first seq concerned (the first missing one for a gap)
 * @param finding the verifier's full finding
 */
public record ChainAlert(String session, Kind kind, long seq, ChainFinding finding) {

  /** What is wrong with the chain. */
  public enum Kind {
    /** Events are missing (removed, or not delivered). */
    GAP,
    /** An event's {@code prev} does not match its predecessor: one of them was changed. */
    ALTERED,
    /** An event arrived after one with a higher seq (including one filling an earlier gap). */
    REORDERED,
    /** Two different events claim the same seq or id. */
    CONFLICT
  }

  public ChainAlert {
    Objects.requireNonNull(session, "session");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(finding, "finding");
  }

  /**
   * A one-line description made of seqs, event ids and hashes only (never SQL or the session id), e.g.
   * {@code gap: seq 4..6 missing}.
   */
  public String detail() {
    return describe(finding);
  }

  /** The one-line description of {@code finding}: seqs, event ids and hashes only, never SQL. */
  public static String describe(ChainFinding finding) {
    return switch (finding) {
      case ChainFinding.Gap g -> "gap: seq " + g.fromSeq() + ".." + g.toSeq() + " missing";
      case ChainFinding.Altered a -> "altered: seq " + a.seq() + " (event " + a.id() + ") has prev "
          + a.recordedPrev() + " but its predecessor hashes to " + a.expectedPrev();
      case ChainFinding.Reordered r -> "reordered: seq " + r.seq() + " (event " + r.id() + ") arrived after seq "
          + r.afterSeq();
      case ChainFinding.Conflict c -> c.firstId().equals(c.otherId())
          ? "conflict: event " + c.firstId() + " at seq " + c.seq() + " arrived again with other content"
          : "conflict: seq " + c.seq() + " claimed by events " + c.firstId() + " and " + c.otherId();
      case ChainFinding.Duplicate d -> "duplicate: seq " + d.seq() + " (event " + d.id() + ")";
    };
  }

  /** The stored form: kind in lower case, {@link #detail()}, found at {@code detectedAt}. */
  public AuditAlert toAuditAlert(Instant detectedAt) {
    return new AuditAlert(session, kind.name().toLowerCase(Locale.ROOT), seq, detectedAt, detail());
  }

  /**
   * The alert for {@code finding}; empty for a {@link ChainFinding.Duplicate}, which at-least-once delivery
   * makes normal (the store ignores it).
   */
  public static Optional<ChainAlert> of(ChainFinding finding) {
    return switch (finding) {
      case ChainFinding.Gap g -> Optional.of(new ChainAlert(g.session(), Kind.GAP, g.fromSeq(), g));
      case ChainFinding.Altered a -> Optional.of(new ChainAlert(a.session(), Kind.ALTERED, a.seq(), a));
      case ChainFinding.Reordered r -> Optional.of(new ChainAlert(r.session(), Kind.REORDERED, r.seq(), r));
      case ChainFinding.Conflict c -> Optional.of(new ChainAlert(c.session(), Kind.CONFLICT, c.seq(), c));
      case ChainFinding.Duplicate d -> Optional.empty();
    };
  }
}
