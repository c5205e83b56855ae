package dev.jitgate.access.store;

import dev.jitgate.access.model.AdminEvent;

/**
 * An admin event waiting in the outbox.
 *
 * @param seq its position in the outbox, strictly increasing
 * @param event the event
 */
public record OutboxEntry(long seq, AdminEvent event) {}
