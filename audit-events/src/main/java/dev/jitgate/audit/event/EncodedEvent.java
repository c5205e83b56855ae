package dev.jitgate.audit.event;

import java.util.Objects;

/**
 * An event together with its canonical JSON line (what is hashed into the chain and shipped), so that a
 * producer serializes each event once.
 *
 * @param event the event
 * @param line its canonical JSON, without a trailing newline
 */
public record EncodedEvent(AuditEvent event, String line) {

  public EncodedEvent {
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(line, "line");
  }
}
