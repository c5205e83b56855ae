package dev.jitgate.access.rules;

import dev.jitgate.access.model.Integration;
import dev.jitgate.access.model.Permission;
import dev.jitgate.access.model.RequestKind;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What a requester asks for, with the facts flow matching needs.
 *
 * @param requester the requesting user
 * @param groups the groups the requester belongs to
 * @param kind new access or an extension
 * @param integration the integration asked for
 * @param database the database name
 * @param databaseTags the tags of the resource {@code integration/database}, empty when none is stored
 * @param permission the permission asked for
 * @param duration the grant duration, or for an extension the extra time
 * @param reason the justification, may be empty
 */
public record RequestedAccess(
    String requester,
    Set<String> groups,
    RequestKind kind,
    Integration integration,
    String database,
    Map<String, String> databaseTags,
    Permission permission,
    Duration duration,
    String reason) {
  public RequestedAccess {
    Objects.requireNonNull(requester, "requester");
    groups = Set.copyOf(groups);
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(integration, "integration");
    Objects.requireNonNull(database, "database");
    databaseTags = databaseTags == null ? Map.of() : Map.copyOf(databaseTags);
    Objects.requireNonNull(permission, "permission");
    Objects.requireNonNull(duration, "duration");
    reason = reason == null ? "" : reason;
  }
}
