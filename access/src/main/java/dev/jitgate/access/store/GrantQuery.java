package dev.jitgate.access.store;

import dev.jitgate.access.model.GrantState;

/**
 * A filter for grants; null fields match everything. Results are newest first.
 *
 * @param principal only grants held by this user
 * @param state only grants in this state
 * @param integration only grants on this integration
 * @param database only grants on this database (with integration)
 * @param limit at most this many, 1..1000
 */
public record GrantQuery(String principal, GrantState state, String integration, String database, int limit) {
  public GrantQuery {
    if (limit < 1 || limit > 1000) {
      throw new IllegalArgumentException("limit must be between 1 and 1000");
    }
  }

  /** Everything, up to 1000. */
  public static GrantQuery all() {
    return new GrantQuery(null, null, null, null, 1000);
  }

  /** The active grants of one user. */
  public static GrantQuery activeOf(String principal) {
    return new GrantQuery(principal, GrantState.ACTIVE, null, null, 1000);
  }
}
