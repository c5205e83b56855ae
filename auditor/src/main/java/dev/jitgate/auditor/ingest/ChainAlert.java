package dev.jitgate.auditor.ingest;

import dev.jitgate.audit.event.Alert;
import dev.jitgate.audit.event.AlertKind;
import dev.jitgate.audit.event.ChainFinding;
import dev.jitgate.auditor.store.AuditAlert;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A hash-chain or sequence problem found while ingesting: becomes an {@code alert} event in the auditor's own
 * chain ({@link #toBody()}) and a stored alert row of the session ({@link #toAuditAlert}). Holds ids, seqs and
 * hashes only, so it is safe to log.
 *
 * @param session the session whose chain is broken
 * @param kind what is wrong
 * @param seq the first seq concerned (the first missing one for a gap)
 * @param finding the verifier's full finding
 */
public record ChainAlert(String session, AlertKind kind, long seq, ChainFinding finding) {

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

  /** The stored form: the kind's JSON name, {@link #detail()}, found at {@code detectedAt}. */
  public AuditAlert toAuditAlert(Instant detectedAt) {
    return new AuditAlert(session, kind.json(), seq, detectedAt, detail());
  }

  /** The body of the {@code alert} event that reports this problem. */
  public Alert toBody() {
    return new Alert(kind, session, seq, detail());
  }

  /**
   * The alert for {@code finding}; empty for a {@link ChainFinding.Duplicate}, which at-least-once delivery
   * makes normal (the store ignores it).
   */
  public static Optional<ChainAlert> of(ChainFinding finding) {
    return switch (finding) {
      case ChainFinding.Gap g -> Optional.of(new ChainAlert(g.session(), AlertKind.GAP, g.fromSeq(), g));
      case ChainFinding.Altered a -> Optional.of(new ChainAlert(a.session(), AlertKind.ALTERED, a.seq(), a));
      case ChainFinding.Reordered r -> Optional.of(new ChainAlert(r.session(), AlertKind.REORDERED, r.seq(), r));
      case ChainFinding.Conflict c -> Optional.of(new ChainAlert(c.session(), AlertKind.CONFLICT, c.seq(), c));
      case ChainFinding.Duplicate d -> Optional.empty();
    };
  }
}
