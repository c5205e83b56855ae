package dev.jitgate.access.model;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * A policy saying who may request which access, for how long, and who approves it.
 *
 * @param name unique name, {@code [a-z0-9][a-z0-9-]{0,62}}
 * @param description free text
 * @param requesters users and groups who may request under this flow, at least one
 * @param resources the databases it covers, at least one selector
 * @param permissions the permissions it allows, at least one
 * @param maxDuration the longest grant, 1 minute..90 days
 * @param justificationRequired whether a request must give a reason
 * @param approval automatic or manual approval
 * @param pendingTimeout how long a request may stay pending before it expires, 1 minute..30 days
 * @param revision store revision, 0 before the first save
 */
public record AccessFlow(
    String name,
    String description,
    List<PrincipalRef> requesters,
    List<ResourceSelector> resources,
    List<Permission> permissions,
    Duration maxDuration,
    boolean justificationRequired,
    ApprovalRule approval,
    Duration pendingTimeout,
    long revision)
    implements AccessEntity {

  /** Longest grant any flow allows. */
  public static final Duration MAX_GRANT = Duration.ofDays(90);
  /** Pending timeout when none is given. */
  public static final Duration DEFAULT_PENDING_TIMEOUT = Duration.ofHours(24);

  public AccessFlow {
    Names.slug("name", name);
    description = Names.text("description", description);
    requesters = nonEmpty("requesters", requesters);
    resources = nonEmpty("resources", resources);
    permissions = List.copyOf(new LinkedHashSet<>(nonEmpty("permissions", permissions)));
    Names.required("maxDuration", maxDuration);
    if (maxDuration.compareTo(Duration.ofMinutes(1)) < 0 || maxDuration.compareTo(MAX_GRANT) > 0) {
      throw new InvalidFieldException("maxDuration", "must be between 1m and 90d");
    }
    Names.required("approval", approval);
    pendingTimeout = pendingTimeout == null ? DEFAULT_PENDING_TIMEOUT : pendingTimeout;
    if (pendingTimeout.compareTo(Duration.ofMinutes(1)) < 0
        || pendingTimeout.compareTo(Duration.ofDays(30)) > 0) {
      throw new InvalidFieldException("pendingTimeout", "must be between 1m and 30d");
    }
  }

  private static <T> List<T> nonEmpty(String field, List<T> values) {
    if (values == null || values.isEmpty()) {
      throw new InvalidFieldException(field, "must not be empty");
    }
    return List.copyOf(values);
  }

  @Override
  public EntityKind entityKind() {
    return EntityKind.FLOW;
  }

  @Override
  public String key() {
    return name;
  }

  @Override
  public AccessFlow withRevision(long newRevision) {
    return new AccessFlow(name, description, requesters, resources, permissions, maxDuration,
        justificationRequired, approval, pendingTimeout, newRevision);
  }
}
