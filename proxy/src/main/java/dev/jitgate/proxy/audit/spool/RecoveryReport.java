package dev.jitgate.proxy.audit.spool;

import java.util.List;
import java.util.Objects;

/**
 * What {@link Spool#open} found on disk.
 *
 * @param segments segment files scanned
 * @param records valid records kept (acknowledged ones included until their segment is deleted)
 * @param tornTailBytes bytes cut from the end of the last segment (an interrupted write)
 * @param corruptBytes bytes skipped inside segments because they did not form valid records
 * @param corruptRegions separate runs of skipped bytes
 * @param quarantined segment files without a single valid record, renamed to {@code *.corrupt}
 * @param acknowledgedSequence the acknowledgement position read from the {@code ack} file
 * @param ackFile state of the {@code ack} file
 */
public record RecoveryReport(
    int segments,
    long records,
    long tornTailBytes,
    long corruptBytes,
    int corruptRegions,
    List<String> quarantined,
    long acknowledgedSequence,
    AckFileState ackFile) {

  public RecoveryReport {
    quarantined = List.copyOf(quarantined);
    Objects.requireNonNull(ackFile, "ackFile");
  }

  /** Whether recovery found anything other than a clean spool. */
  public boolean clean() {
    return tornTailBytes == 0 && corruptBytes == 0 && quarantined.isEmpty() && ackFile != AckFileState.INVALID;
  }

  /** State of the {@code ack} file at open. */
  public enum AckFileState {
    /** Read successfully. */
    PRESENT,
    /** Absent: nothing acknowledged yet (or the file was lost); everything kept is shipped again. */
    MISSING,
    /** Unreadable: treated as missing (at-least-once: records are shipped again, never dropped). */
    INVALID
  }
}
