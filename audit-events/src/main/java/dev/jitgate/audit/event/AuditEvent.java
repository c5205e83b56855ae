package dev.jitgate.audit.event;

import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One audit event of schema v1: the common {@link Envelope}, the type-specific {@link EventBody} and the
 * top-level JSON fields this reader does not know ({@code extensions}, kept so that events written by a
 * newer v1 producer keep their hash).
 *
 * @param envelope the common fields
 * @param body the type-specific fields
 * @param extensions unknown top-level fields: JSON name to the value's canonical JSON text; empty when
 *     produced by this code
 */
public record AuditEvent(Envelope envelope, EventBody body, Map<String, String> extensions) {

  /** The schema version written in {@code v}. */
  public static final int VERSION = 1;

  /** The JSON names of the common fields, {@code v} and {@code type} included. */
  public static final Set<String> COMMON_FIELDS = Set.of(
      "v", "id", "type", "time", "session", "seq", "proxy", "principal", "grant", "integration",
      "database", "db_role", "prev");

  public AuditEvent {
    Checks.present("envelope", envelope);
    Checks.present("type", body);
    TreeMap<String, String> sorted = new TreeMap<>();
    Checks.present("extensions", extensions).forEach((name, json) -> {
      Checks.text("extensions", name);
      if (COMMON_FIELDS.contains(name)) {
        throw new EventFieldException(name, "is a common field, not an extension");
      }
      sorted.put(name, CanonicalJson.canonicalize(name, json));
    });
    extensions = Collections.unmodifiableSortedMap(sorted);
  }

  /** An event without extensions. */
  public AuditEvent(Envelope envelope, EventBody body) {
    this(envelope, body, Map.of());
  }

  /** The JSON {@code type}. */
  public String type() {
    return body.type();
  }

  /** Shorthand for {@code envelope().session()}. */
  public String session() {
    return envelope.session();
  }

  /** Shorthand for {@code envelope().seq()}. */
  public long seq() {
    return envelope.seq();
  }

  /** Shorthand for {@code envelope().id()}. */
  public String id() {
    return envelope.id();
  }
}
