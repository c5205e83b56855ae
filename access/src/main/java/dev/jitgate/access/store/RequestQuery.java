package dev.jitgate.access.store;

import dev.jitgate.access.model.RequestState;

/**
 * A filter for access requests; null fields match everything. Results are newest first.
 *
 * @param state only requests in this state
 * @param requester only requests by this user
 * @param limit at most this many, 1..1000
 */
public record RequestQuery(RequestState state, String requester, int limit) {
  public RequestQuery {
    if (limit < 1 || limit > 1000) {
      throw new IllegalArgumentException("limit must be between 1 and 1000");
    }
  }

  /** Everything, up to 1000. */
  public static RequestQuery all() {
    return new RequestQuery(null, null, 1000);
  }
}
