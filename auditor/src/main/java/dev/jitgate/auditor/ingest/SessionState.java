package dev.jitgate.auditor.ingest;

import dev.jitgate.audit.event.ChainLink;
import dev.jitgate.auditor.session.SessionSummary;
import java.util.Objects;

/**
 * What the ingest keeps per session between batches.
 *
 * @param head the seq and hash of the highest event of the session received so far
 * @param summary the session's summary, null before its first event
 * @param stored whether the store holds exactly this summary (false after a rebuild from events)
 */
record SessionState(ChainLink head, SessionSummary summary, boolean stored) {

  /** The state of a session nothing was stored of. */
  static final SessionState NEW = new SessionState(ChainLink.GENESIS, null, true);

  SessionState {
    Objects.requireNonNull(head, "head");
  }
}
