package dev.jitgate.app.runtime;

/**
 * Where a request to stop comes from: SIGTERM/SIGINT in a real process ({@link OsStopSignals}), the test
 * itself in tests.
 */
@FunctionalInterface
public interface StopSignals {
  /** Arranges for {@code onStop} to run (once) when the process is asked to stop. */
  void onStop(Runnable onStop);
}
