package dev.jitgate.access.rules;

import dev.jitgate.access.model.AccessFlow;
import dev.jitgate.access.model.ApprovalRule;
import dev.jitgate.access.model.Integration;
import dev.jitgate.access.model.PrincipalRef;
import dev.jitgate.access.model.Resource;
import dev.jitgate.access.service.Actor;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Who may decide a request and how many approvals it needs.
 *
 * @param principals the eligible users and groups, empty when nobody is (automatic or deleted flow)
 * @param minApprovals the number of distinct approvals that approve the request
 */
public record Approvers(List<PrincipalRef> principals, int minApprovals) {
  public Approvers {
    principals = List.copyOf(principals);
    if (minApprovals < 1) {
      throw new IllegalArgumentException("minApprovals must be at least 1");
    }
  }

  /**
   * The eligible approvers of a request under {@code flow}: for a manual rule, its named approvers plus,
   * when resource owners approve, the group named by the owner tag of the database resource, or the
   * integration's owners when the resource has no owner. Nobody for automatic or missing flows.
   *
   * @param flow the request's flow, empty if it was deleted
   * @param integration the request's integration, empty if it was deleted
   * @param databaseResource the resource {@code integration/database}, empty when none is stored
   */
  public static Approvers of(
      Optional<AccessFlow> flow, Optional<Integration> integration, Optional<Resource> databaseResource) {
    if (flow.isEmpty()) {
      return new Approvers(List.of(), 1);
    }
    return switch (flow.get().approval()) {
      case ApprovalRule.Automatic a -> new Approvers(List.of(), 1);
      case ApprovalRule.Manual m -> {
        Set<PrincipalRef> refs = new LinkedHashSet<>(m.approvers());
        if (m.resourceOwners()) {
          refs.addAll(owners(integration, databaseResource));
        }
        yield new Approvers(List.copyOf(refs), m.minApprovals());
      }
    };
  }

  private static List<PrincipalRef> owners(
      Optional<Integration> integration, Optional<Resource> databaseResource) {
    if (integration.isEmpty()) {
      return List.of();
    }
    Optional<String> owner =
        databaseResource.flatMap(r -> r.owner(integration.get().ownerTagKey()));
    return owner.map(g -> List.of(PrincipalRef.group(g))).orElse(integration.get().owners());
  }

  /** True when {@code actor} is one of the eligible users or belongs to one of the eligible groups. */
  public boolean includes(Actor actor) {
    return principals.stream().anyMatch(p -> p.matches(actor.principal(), actor.groups()));
  }

  /** The eligible approvers as text, e.g. {@code user:bob, group:dba}, or {@code none}. */
  public String describe() {
    return principals.isEmpty()
        ? "none"
        : principals.stream().map(PrincipalRef::toString).collect(Collectors.joining(", "));
  }
}
