package dev.jitgate.access.store;

/** The access store failed: the database is unreachable, a constraint broke, or the data is corrupt. */
public class StoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StoreException(String message) {
    super(message);
  }

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
