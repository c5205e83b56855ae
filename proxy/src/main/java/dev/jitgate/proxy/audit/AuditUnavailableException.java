package dev.jitgate.proxy.audit;

/**
 * An audit event could not be recorded (the spool is full or its disk failed), so the statement or session it
 * belongs to must not go ahead. The message is safe to show to the client and to log.
 */
public final class AuditUnavailableException extends Exception {
  private static final long serialVersionUID = 1L;

  /** A failure with a message for the client and the log. */
  public AuditUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
