package dev.jitgate.audit.event;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The common fields of every audit event (the JSON names are in brackets). {@code v} and {@code type}
 * are not stored here: the version is {@link AuditEvent#VERSION} and the type follows from the body.
 *
 * @param id the event id, a canonical lower-case UUIDv7 [{@code id}]
 * @param time when the event happened, kept to the microsecond [{@code time}]
 * @param session the session id; for admin events the stream {@code admin:<producer>} [{@code session}]
 * @param seq the 1-based position of the event in its session [{@code seq}]
 * @param proxy the producer: a proxy's name, or an admin-api instance for admin events [{@code proxy}]
 * @param principal the authenticated engineer (the actor for admin events), null before authentication
 *     [{@code principal}]
 * @param grant the grant id the session runs on, or null [{@code grant}]
 * @param integration the integration name, or null when not (yet) resolved [{@code integration}]
 * @param database the upstream database name, or null when not (yet) resolved [{@code database}]
 * @param dbRole the upstream role the proxy connected as, or null [{@code db_role}]
 * @param prev lower-case hex SHA-256 of the previous event's canonical bytes in the same session, 64
 *     zeros for the first [{@code prev}]
 */
public record Envelope(
    String id,
    Instant time,
    String session,
    long seq,
    String proxy,
    String principal,
    String grant,
    String integration,
    String database,
    String dbRole,
    String prev) {

  public Envelope {
    if (!UuidV7.isCanonical(Checks.present("id", id))) {
      throw new EventFieldException("id", "must be a lower-case UUIDv7");
    }
    time = Checks.present("time", time).truncatedTo(ChronoUnit.MICROS);
    Checks.text("session", session);
    Checks.positive("seq", seq);
    Checks.text("proxy", proxy);
    Checks.optionalText("principal", principal);
    Checks.optionalText("grant", grant);
    Checks.optionalText("integration", integration);
    Checks.optionalText("database", database);
    Checks.optionalText("db_role", dbRole);
    Checks.hash("prev", prev);
  }
}
