package dev.jitgate.auditor.ingest;

import dev.jitgate.audit.event.ChainFinding;
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
