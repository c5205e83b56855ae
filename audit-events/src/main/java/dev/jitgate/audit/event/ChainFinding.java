package dev.jitgate.audit.event;

/** One problem {@link ChainVerifier} found in a session's chain. */
public sealed interface ChainFinding {

  /** The session (or admin stream) the finding is about. */
  String session();

  /**
   * Events {@code fromSeq..toSeq} (inclusive) are missing: removed, or not (yet) delivered.
   *
   * @param session the session
   * @param fromSeq first missing seq
   * @param toSeq last missing seq
   */
  record Gap(String session, long fromSeq, long toSeq) implements ChainFinding {}

  /**
   * The event at {@code seq} records {@code recordedPrev}, but the event before it (seq - 1, or the
   * chain's start) hashes to {@code expectedPrev}: that event's content, or this event's {@code prev},
   * was changed.
   *
   * @param session the session
   * @param seq the seq of the event whose prev does not match
   * @param id that event's id
   * @param expectedPrev the hash of its predecessor as received (64 zeros for seq 1)
   * @param recordedPrev the prev it carries
   */
  record Altered(String session, long seq, String id, String expectedPrev, String recordedPrev)
      implements ChainFinding {}

  /**
   * The event at {@code seq} arrived after an event with the higher seq {@code afterSeq}.
   *
   * @param session the session
   * @param seq the late event's seq
   * @param id the late event's id
   * @param afterSeq the highest seq received before it
   */
  record Reordered(String session, long seq, String id, long afterSeq) implements ChainFinding {}

  /**
   * The same event (same id and identical canonical bytes) arrived more than once.
   *
   * @param session the session
   * @param seq its seq
   * @param id its id
   */
  record Duplicate(String session, long seq, String id) implements ChainFinding {}

  /**
   * Two different events claim the same seq, or the same id with different content: one of them was
   * forged or changed.
   *
   * @param session the session
   * @param seq the contested seq (of the later event)
   * @param firstId the id of the event received first
   * @param otherId the id of the later event
   */
  record Conflict(String session, long seq, String firstId, String otherId) implements ChainFinding {}
}
