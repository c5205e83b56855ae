package dev.jitgate.audit.event;

/**
 * {@code alert}: the auditor found another session's hash chain or sequence broken. Written by the auditor
 * itself into its own chain (session {@code auditor-<UUIDv7>}, one per auditor run), never accepted from a
 * producer. Holds ids, seqs and hashes only, never SQL.
 *
 * @param kind what is wrong [{@code kind}]
 * @param subjectSession the session whose chain is broken [{@code subject_session}]
 * @param subjectSeq the first seq concerned in that session (the first missing one for a gap)
 *     [{@code subject_seq}]
 * @param detail a one-line description made of seqs, event ids and hashes [{@code detail}]
 */
public record Alert(AlertKind kind, String subjectSession, long subjectSeq, String detail) implements EventBody {

  /** The JSON type. */
  public static final String TYPE = "alert";

  public Alert {
    Checks.present("kind", kind);
    Checks.text("subject_session", subjectSession);
    Checks.positive("subject_seq", subjectSeq);
    Checks.text("detail", detail);
  }

  @Override
  public String type() {
    return TYPE;
  }
}
