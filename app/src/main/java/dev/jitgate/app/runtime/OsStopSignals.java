package dev.jitgate.app.runtime;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * SIGTERM and SIGINT start a graceful shutdown instead of the JVM's immediate exit, so the process can
 * drain sessions and exit with status 0. A second signal gets the default behaviour (exit at once). A signal
 * the process was started ignoring (e.g. SIGINT of a background job) stays ignored.
 */
public final class OsStopSignals implements StopSignals {

  private static final Logger log = LoggerFactory.getLogger(OsStopSignals.class);

  private static final List<String> SIGNALS = List.of("TERM", "INT");

  @Override
  public void onStop(Runnable onStop) {
    AtomicBoolean fired = new AtomicBoolean();
    SignalHandler handler = signal -> {
      if (fired.compareAndSet(false, true)) {
        SIGNALS.forEach(name -> Signal.handle(new Signal(name), SignalHandler.SIG_DFL));
        onStop.run();
      }
    };
    for (String name : SIGNALS) {
      try {
        Signal.handle(new Signal(name), handler);
      } catch (IllegalArgumentException e) {
        // The JVM keeps the signal for itself (-Xrs) or it is unknown here: stopping falls back to the JVM default.
        log.warn("cannot handle SIG{}: {}", name, e.getMessage());
      }
    }
  }
}
