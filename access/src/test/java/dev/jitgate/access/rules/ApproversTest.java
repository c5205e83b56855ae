package dev.jitgate.access.rules;

import static dev.jitgate.access.rules.RuleFixtures.BOB;
import static dev.jitgate.access.rules.RuleFixtures.CAROL;
import static dev.jitgate.access.rules.RuleFixtures.integration;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jitgate.access.model.AccessFlow;
import dev.jitgate.access.model.ApprovalRule;
import dev.jitgate.access.model.Permission;
import dev.jitgate.access.model.PrincipalRef;
import dev.jitgate.access.model.Resource;
import dev.jitgate.access.model.ResourceSelector;
import dev.jitgate.access.service.Actor;
import dev.jitgate.access.model.Role;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ApproversTest {

  private static AccessFlow flowWith(ApprovalRule rule) {
    return RuleFixtures.flow("f", List.of(PrincipalRef.group("eng")),
        List.of(new ResourceSelector.ByPath("prod", "*")), List.of(Permission.READ),
        Duration.ofHours(4), false, rule);
  }

  private static Resource orders(Map<String, String> tags) {
    return new Resource("prod", "orders", "", "", tags, 1);
  }

  @Test
  void namedUsersAndGroups() {
    Approvers a = Approvers.of(Optional.of(flowWith(new ApprovalRule.Manual(false,
        List.of(PrincipalRef.user("bob"), PrincipalRef.group("dba")), 1))), Optional.of(integration()),
        Optional.empty());
    assertThat(a.describe()).isEqualTo("user:bob, group:dba");
    assertThat(a.includes(BOB)).isTrue();
    assertThat(a.includes(CAROL)).as("member of dba").isTrue();
    assertThat(a.includes(new Actor("eve", Set.of(Role.APPROVER), Set.of("eng")))).isFalse();
  }

  @Test
  void resourceOwnerGroupFromTheOwnerTag() {
    Approvers a = Approvers.of(Optional.of(flowWith(new ApprovalRule.Manual(true, List.of(), 1))),
        Optional.of(integration()), Optional.of(orders(Map.of("owner", "payments"))));
    assertThat(a.principals()).containsExactly(PrincipalRef.group("payments"));
  }

  @Test
  void integrationOwnersWhenNoResourceIsStored() {
    Approvers a = Approvers.of(Optional.of(flowWith(new ApprovalRule.Manual(true, List.of(), 1))),
        Optional.of(integration()), Optional.empty());
    assertThat(a.principals()).containsExactly(PrincipalRef.group("prod-owners"));
  }

  @Test
  void integrationOwnersWhenTheResourceHasNoOwnerTag() {
    Approvers a = Approvers.of(Optional.of(flowWith(new ApprovalRule.Manual(true, List.of(), 1))),
        Optional.of(integration()), Optional.of(orders(Map.of("team", "payments", "owner", " "))));
    assertThat(a.principals()).containsExactly(PrincipalRef.group("prod-owners"));
  }

  @Test
  void integrationOwnersWhenTheIntegrationHasNoOwnerTagKey() {
    Approvers a = Approvers.of(Optional.of(flowWith(new ApprovalRule.Manual(true, List.of(), 1))),
        Optional.of(integration("prod", List.of(PrincipalRef.user("olga")), "")),
        Optional.of(orders(Map.of("owner", "payments"))));
    assertThat(a.principals()).containsExactly(PrincipalRef.user("olga"));
  }

  @Test
  void ownersAreNotAddedWhenResourceOwnersDoNotApprove() {
    Approvers a = Approvers.of(Optional.of(flowWith(new ApprovalRule.Manual(false,
        List.of(PrincipalRef.user("bob")), 2))), Optional.of(integration()),
        Optional.of(orders(Map.of("owner", "payments"))));
    assertThat(a.principals()).containsExactly(PrincipalRef.user("bob"));
    assertThat(a.minApprovals()).isEqualTo(2);
  }

  @Test
  void namedAndOwnersTogetherWithoutDuplicates() {
    Approvers a = Approvers.of(Optional.of(flowWith(new ApprovalRule.Manual(true,
        List.of(PrincipalRef.group("payments"), PrincipalRef.user("bob")), 1))),
        Optional.of(integration()), Optional.of(orders(Map.of("owner", "payments"))));
    assertThat(a.principals()).containsExactly(PrincipalRef.group("payments"), PrincipalRef.user("bob"));
  }

  @Test
  void nobodyForAutomaticOrDeletedFlows() {
    Approvers automatic = Approvers.of(Optional.of(flowWith(new ApprovalRule.Automatic())),
        Optional.of(integration()), Optional.empty());
    Approvers deleted = Approvers.of(Optional.empty(), Optional.of(integration()), Optional.empty());
    assertThat(automatic.principals()).isEmpty();
    assertThat(deleted.principals()).isEmpty();
    assertThat(deleted.describe()).isEqualTo("none");
    assertThat(deleted.includes(BOB)).isFalse();
  }
}
