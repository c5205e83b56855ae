package dev.jitgate.auditor.verify;

import java.util.List;

/**
 * The outcome of {@link ChainAudit#verify}.
 *
 * @param sessionsChecked sessions whose chains were verified
 * @param eventsChecked events re-hashed
 * @param problems the sessions with findings, in session start order (empty when everything verified)
 * @param truncated whether more sessions matched than were checked
 */
public record VerificationReport(int sessionsChecked, long eventsChecked, List<SessionProblem> problems,
    boolean truncated) {

  public VerificationReport {
    problems = List.copyOf(problems);
  }

  /** Whether every checked chain is intact. */
  public boolean intact() {
    return problems.isEmpty();
  }

  /**
   * One session's findings.
   *
   * @param session the session
   * @param findings one line each (kind, seqs, ids; never SQL), e.g. {@code gap: seq 4..4 missing}
   */
  public record SessionProblem(String session, List<String> findings) {
    public SessionProblem {
      findings = List.copyOf(findings);
    }
  }
}
