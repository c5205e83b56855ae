package dev.jitgate.app.demo;

/**
 * {@code jitgate demo} cannot go on, for a reason the user can fix; the message says how.
 *
 * @see #exitCode()
 */
public final class DemoException extends Exception {

  private static final long serialVersionUID = 1L;

  private final int exitCode;

  /**
   * @param exitCode the process exit code (2 for a bad flag such as a busy port, 1 otherwise)
   * @param message what went wrong and how to fix it
   */
  public DemoException(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  /** @param cause what failed underneath */
  public DemoException(int exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }
}
