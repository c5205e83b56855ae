package dev.jitgate.access.model;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A user or a group. Users list the groups they belong to; roles say what they may do in the control
 * plane (a user also holds the roles of its groups).
 *
 * @param name unique name, e.g. {@code alice} or {@code dba}
 * @param kind user or group
 * @param displayName human-readable name, may be empty
 * @param email contact address, may be empty
 * @param groups for users: the groups they belong to; empty for groups
 * @param roles control-plane roles held directly
 * @param source local definition or OIDC
 * @param revision store revision, 0 before the first save
 */
public record Principal(
    String name,
    PrincipalKind kind,
    String displayName,
    String email,
    List<String> groups,
    Set<Role> roles,
    PrincipalSource source,
    long revision)
    implements AccessEntity {

  public Principal {
    Names.principal("name", name);
    Objects.requireNonNull(kind, "kind");
    displayName = Names.text("displayName", displayName);
    email = Names.text("email", email);
    groups = groups == null ? List.of() : List.copyOf(groups);
    for (String g : groups) {
      Names.principal("groups", g);
    }
    if (kind == PrincipalKind.GROUP && !groups.isEmpty()) {
      throw new InvalidFieldException("groups", "a group cannot belong to groups");
    }
    roles = roles == null ? Set.of() : Set.copyOf(roles);
    source = source == null ? PrincipalSource.LOCAL : source;
  }

  @Override
  public EntityKind entityKind() {
    return EntityKind.PRINCIPAL;
  }

  @Override
  public String key() {
    return name;
  }

  @Override
  public Principal withRevision(long newRevision) {
    return new Principal(name, kind, displayName, email, groups, roles, source, newRevision);
  }
}
