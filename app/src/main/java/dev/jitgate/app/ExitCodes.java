package dev.jitgate.app;

/** Process exit codes of the {@code jitgate} commands. */
public final class ExitCodes {

  /** Success, including a clean shutdown after SIGTERM/SIGINT. */
  public static final int OK = 0;
  /** A failure other than a configuration error, e.g. the port is in use. */
  public static final int FAILURE = 1;
  /** The configuration (or the command line) is invalid. */
  public static final int CONFIG_ERROR = 2;

  private ExitCodes() {}
}
