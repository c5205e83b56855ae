package dev.jitgate.proxy.provision;

import dev.jitgate.access.model.Grant;
import dev.jitgate.access.model.Permission;
import java.time.Instant;
import java.util.Objects;

/**
 * What the upstream role of one grant must look like.
 *
 * @param grantId         the grant's id; with the principal it determines the {@link RoleName}
 * @param principal       the engineer holding the grant (any text: it is sanitised for the name)
 * @param permission      read, write, admin or the name of an existing database role
 * @param validUntil      the grant's end; the role's {@code VALID UNTIL}
 * @param connectionLimit the role's {@code CONNECTION LIMIT}, 1..{@value #MAX_CONNECTION_LIMIT}
 */
public record GrantRoleSpec(String grantId, String principal, Permission permission, Instant validUntil,
    int connectionLimit) {

  /** The largest connection limit accepted. */
  public static final int MAX_CONNECTION_LIMIT = 10_000;

  public GrantRoleSpec {
    if (grantId == null || grantId.isEmpty()) {
      throw new IllegalArgumentException("grantId must not be empty");
    }
    if (principal == null || principal.isEmpty()) {
      throw new IllegalArgumentException("principal must not be empty");
    }
    Objects.requireNonNull(permission, "permission");
    Objects.requireNonNull(validUntil, "validUntil");
    if (connectionLimit < 1 || connectionLimit > MAX_CONNECTION_LIMIT) {
      throw new IllegalArgumentException("connectionLimit must be between 1 and " + MAX_CONNECTION_LIMIT);
    }
  }

  /** The spec for {@code grant}, valid until its end. */
  public static GrantRoleSpec of(Grant grant, int connectionLimit) {
    return new GrantRoleSpec(grant.id(), grant.principal(), grant.permission(), grant.endsAt(), connectionLimit);
  }

  /** The role's name. */
  public RoleName roleName() {
    return RoleName.forGrant(grantId, principal);
  }
}
