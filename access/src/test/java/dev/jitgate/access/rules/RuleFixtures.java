package dev.jitgate.access.rules;

import dev.jitgate.access.model.AccessFlow;
import dev.jitgate.access.model.AccessRequest;
import dev.jitgate.access.model.ApprovalRule;
import dev.jitgate.access.model.Connector;
import dev.jitgate.access.model.ConnectorAuthType;
import dev.jitgate.access.model.DatabaseLocation;
import dev.jitgate.access.model.Grant;
import dev.jitgate.access.model.GrantState;
import dev.jitgate.access.model.Integration;
import dev.jitgate.access.model.Permission;
import dev.jitgate.access.model.PrincipalRef;
import dev.jitgate.access.model.RequestKind;
import dev.jitgate.access.model.RequestState;
import dev.jitgate.access.model.ResourceSelector;
import dev.jitgate.access.model.Role;
import dev.jitgate.access.model.SecretRef;
import dev.jitgate.access.model.SslMode;
import dev.jitgate.access.service.Actor;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Small builders for the rule tests. */
final class RuleFixtures {
  static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

  static final Actor ALICE = new Actor("alice", Set.of(Role.REQUESTER), Set.of("eng"));
  static final Actor BOB = new Actor("bob", Set.of(Role.APPROVER), Set.of());
  static final Actor CAROL = new Actor("carol", Set.of(Role.APPROVER), Set.of("dba"));
  static final Actor DAVE = new Actor("dave", Set.of(Role.REQUESTER), Set.of("eng"));
  static final Actor ADMIN = new Actor("root", Set.of(Role.ADMIN), Set.of());
  static final Actor AUDITOR = new Actor("audrey", Set.of(Role.AUDITOR), Set.of());

  private RuleFixtures() {}

  static Integration integration() {
    return integration("prod", List.of(PrincipalRef.group("prod-owners")), "owner");
  }

  static Integration integration(String name, List<PrincipalRef> owners, String ownerTagKey) {
    return new Integration(name, null, new DatabaseLocation.HostPort("db.internal", 5432),
        List.of("orders", "users"), new Connector("jitgate", ConnectorAuthType.PASSWORD,
            SecretRef.of("env:PGPASS")), SslMode.VERIFY_FULL, "", true, 0, "", owners, ownerTagKey,
        List.of(Permission.READ, Permission.WRITE), null, null, 0);
  }

  static AccessFlow flow(String name, List<PrincipalRef> requesters, List<ResourceSelector> resources,
      List<Permission> permissions, Duration max, boolean justification, ApprovalRule approval) {
    return new AccessFlow(name, "", requesters, resources, permissions, max, justification, approval,
        Duration.ofHours(1), 0);
  }

  /** Group eng may read prod/* for up to 4h, approved by bob. */
  static AccessFlow flow(String name) {
    return flow(name, List.of(PrincipalRef.group("eng")), List.of(new ResourceSelector.ByPath("prod", "*")),
        List.of(Permission.READ), Duration.ofHours(4), false, manual(1, PrincipalRef.user("bob")));
  }

  static ApprovalRule.Manual manual(int min, PrincipalRef... approvers) {
    return new ApprovalRule.Manual(false, List.of(approvers), min);
  }

  static RequestedAccess ask(Actor actor, String database, Permission permission, Duration duration,
      String reason) {
    return ask(actor, database, Map.of(), permission, duration, reason);
  }

  static RequestedAccess ask(Actor actor, String database, Map<String, String> tags,
      Permission permission, Duration duration, String reason) {
    return new RequestedAccess(actor.principal(), actor.groups(), RequestKind.NEW, integration(),
        database, tags, permission, duration, reason);
  }

  static AccessRequest pending(String requester) {
    return new AccessRequest("r1", RequestKind.NEW, requester, "prod", "orders", Permission.READ,
        Duration.ofHours(2), "", "f", "", RequestState.PENDING, NOW.minusSeconds(60),
        NOW.plus(Duration.ofHours(1)), List.of(), null, "", 3);
  }

  static Grant active(String id, String principal, String database, Instant start, Instant end) {
    return new Grant(id, principal, "prod", database, Permission.READ, "r-" + id, start, end,
        GrantState.ACTIVE, null, "", null, "", 5);
  }

  static Rejection rejection(RuleResult<?> result) {
    return switch (result) {
      case RuleResult.Accepted<?> a -> throw new AssertionError("expected a rejection, got " + a.value());
      case RuleResult.Rejected<?> r -> r.rejection();
    };
  }

  static <T> T accepted(RuleResult<T> result) {
    return switch (result) {
      case RuleResult.Accepted<T> a -> a.value();
      case RuleResult.Rejected<T> r -> throw new AssertionError("expected acceptance, got " + r.rejection());
    };
  }
}
