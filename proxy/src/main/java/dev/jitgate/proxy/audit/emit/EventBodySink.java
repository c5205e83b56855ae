package dev.jitgate.proxy.audit.emit;

import dev.jitgate.audit.event.EventBody;

/** Receives the event bodies a {@link StatementTracker} produces, in the order they must be chained. */
@FunctionalInterface
public interface EventBodySink {

  /** Accepts one body; called on the session's event loop, must not block. */
  void emit(EventBody body);
}
