package dev.jitgate.auditor.store;

import java.time.Instant;
import java.util.Objects;

/**
 * A stored integrity alert: the auditor found a session's hash chain or sequence broken (events missing,
 * altered, reordered or conflicting). Holds ids, seqs and hashes only, so it is safe to log and show.
 *
 * @param session the session concerned
 * @param kind what is wrong: {@code gap}, {@code altered}, {@code reordered} or {@code conflict}
 * @param seq the first seq concerned (the first missing one for a gap)
 * @param detectedAt when the auditor found it
 * @param detail a one-line description (seqs, ids, hashes; never SQL)
 */
public record AuditAlert(String session, String kind, long seq, Instant detectedAt, String detail) {

  public AuditAlert {
    Objects.requireNonNull(session, "session");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(detectedAt, "detectedAt");
    Objects.requireNonNull(detail, "detail");
  }
}
