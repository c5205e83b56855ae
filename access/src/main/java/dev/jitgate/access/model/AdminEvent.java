package dev.jitgate.access.model;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A record of one admin action, written to the outbox in the same transaction as the change it
 * describes; the audit pipeline drains it as an {@code admin.<action>} event. Details never hold secrets.
 *
 * @param id unique id (UUIDv7 text)
 * @param time when the action happened
 * @param actor the acting principal, or {@code system}
 * @param action dotted action name, e.g. {@code access_request.approve}
 * @param targetKind the kind of the changed entity, e.g. {@code access_request}
 * @param targetId the key of the changed entity
 * @param details further facts, e.g. {@code state=approved}
 */
public record AdminEvent(
    String id, Instant time, String actor, String action, String targetKind, String targetId,
    Map<String, String> details) {

  public AdminEvent {
    Names.required("id", id);
    Objects.requireNonNull(time, "time");
    Names.principal("actor", actor);
    Names.required("action", action);
    Names.required("targetKind", targetKind);
    Names.required("targetId", targetId);
    details = details == null ? Map.of() : Map.copyOf(new TreeMap<>(details));
  }
}
