package dev.jitgate.auditor.store;

/** The store itself failed (I/O, corruption, a closed store): not the caller's input. */
public final class AuditStoreException extends RuntimeException {

  /** A failure of {@code operation}. */
  public AuditStoreException(String operation, Throwable cause) {
    super("audit store: " + operation + " failed", cause);
  }
}
