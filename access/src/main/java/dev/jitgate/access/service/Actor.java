package dev.jitgate.access.service;

import dev.jitgate.access.model.Decision;
import dev.jitgate.access.model.Role;
import java.util.Objects;
import java.util.Set;

/**
 * The authenticated caller of a service operation: a user with its effective roles (its own and its
 * groups') and its groups.
 *
 * @param principal the user name
 * @param roles effective control-plane roles
 * @param groups the groups the user belongs to
 */
public record Actor(String principal, Set<Role> roles, Set<String> groups) {
  public Actor {
    Objects.requireNonNull(principal, "principal");
    roles = Set.copyOf(roles);
    groups = Set.copyOf(groups);
  }

  /** jitgate itself, for sweeps and automatic approvals. */
  public static Actor system() {
    return new Actor(Decision.SYSTEM, Set.of(Role.ADMIN), Set.of());
  }

  /** True when the actor holds {@code role}; admins hold every role. */
  public boolean has(Role role) {
    return roles.contains(role) || roles.contains(Role.ADMIN);
  }
}
