package dev.jitgate.proxy.audit.emit;

import dev.jitgate.audit.event.CopyDirection;

/**
 * A statement whose {@code statement} event was emitted and whose result is awaited. Mutable: counts
 * DataRows and COPY bytes (never their contents).
 */
final class PendingStatement implements Pending {

  /** Which message started the statement; decides what an error makes the server skip. */
  enum Origin {
    SIMPLE,
    EXTENDED,
    FUNCTION_CALL
  }

  final long statementId;
  final Origin origin;
  final long sentNanos;
  long dataRows;
  CopyDirection copyDirection;
  long copyBytes;

  PendingStatement(long statementId, Origin origin, long sentNanos) {
    this.statementId = statementId;
    this.origin = origin;
    this.sentNanos = sentNanos;
  }

  boolean copying() {
    return copyDirection != null;
  }
}
