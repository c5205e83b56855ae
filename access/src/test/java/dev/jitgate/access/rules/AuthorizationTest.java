package dev.jitgate.access.rules;

import static dev.jitgate.access.rules.RuleFixtures.ADMIN;
import static dev.jitgate.access.rules.RuleFixtures.ALICE;
import static dev.jitgate.access.rules.RuleFixtures.AUDITOR;
import static dev.jitgate.access.rules.RuleFixtures.BOB;
import static dev.jitgate.access.rules.RuleFixtures.DAVE;
import static dev.jitgate.access.rules.RuleFixtures.NOW;
import static dev.jitgate.access.rules.RuleFixtures.active;
import static dev.jitgate.access.rules.RuleFixtures.pending;
import static dev.jitgate.access.rules.RuleFixtures.rejection;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jitgate.access.model.ApiToken;
import dev.jitgate.access.model.Grant;
import dev.jitgate.access.service.Actor;
import dev.jitgate.access.service.RejectionCode;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AuthorizationTest {

  @Test
  void adminsMayDoEverything() {
    for (Operation op : Operation.values()) {
      assertThat(Authorization.allows(ADMIN, op)).as(op.name()).isTrue();
    }
  }

  @Test
  void requestersMayRequestAndReadIntegrationsAndFlowsOnly() {
    Set<Operation> allowed = EnumSet.noneOf(Operation.class);
    for (Operation op : Operation.values()) {
      if (Authorization.allows(ALICE, op)) {
        allowed.add(op);
      }
    }
    assertThat(allowed).containsExactlyInAnyOrder(
        Operation.READ_INTEGRATIONS, Operation.READ_FLOWS, Operation.CREATE_REQUESTS);
  }

  @Test
  void auditorsReadButChangeNothing() {
    for (Operation op : Operation.values()) {
      boolean isRead = op.name().startsWith("READ_");
      assertThat(Authorization.allows(AUDITOR, op)).as(op.name()).isEqualTo(isRead);
    }
  }

  @Test
  void approversDecideReadAndRevoke() {
    assertThat(Authorization.allows(BOB, Operation.DECIDE_REQUESTS)).isTrue();
    assertThat(Authorization.allows(BOB, Operation.REVOKE_ANY_GRANT)).isTrue();
    assertThat(Authorization.allows(BOB, Operation.READ_ALL_GRANTS)).isTrue();
    assertThat(Authorization.allows(BOB, Operation.CREATE_REQUESTS)).isFalse();
    assertThat(Authorization.allows(BOB, Operation.WRITE_FLOWS)).isFalse();
  }

  @Test
  void aRefusalNamesTheRolesNeeded() {
    Rejection r = rejection(Authorization.check(ALICE, Operation.WRITE_INTEGRATIONS));
    assertThat(r.code()).isEqualTo(RejectionCode.FORBIDDEN);
    assertThat(r.message()).isEqualTo("you need the admin role to change integrations");
    assertThat(rejection(Authorization.check(AUDITOR, Operation.CREATE_REQUESTS)).message())
        .isEqualTo("you need one of the roles admin, requester to request access");
    assertThat(Authorization.check(ALICE, Operation.CREATE_REQUESTS).isAccepted()).isTrue();
  }

  @Test
  void requestersSeeOnlyTheirOwnRequestsAndGrants() {
    Grant alices = active("g1", "alice", "orders", NOW, NOW.plusSeconds(60));
    assertThat(Authorization.canSee(ALICE, pending("alice"))).isTrue();
    assertThat(Authorization.canSee(DAVE, pending("alice"))).isFalse();
    assertThat(Authorization.canSee(ALICE, alices)).isTrue();
    assertThat(Authorization.canSee(DAVE, alices)).isFalse();
    Rejection r = rejection(Authorization.visible(DAVE, pending("alice")));
    assertThat(r.code()).isEqualTo(RejectionCode.NOT_FOUND);
    assertThat(rejection(Authorization.visible(DAVE, alices)).code()).isEqualTo(RejectionCode.NOT_FOUND);
  }

  @Test
  void approversAndAuditorsSeeEveryone() {
    Grant alices = active("g1", "alice", "orders", NOW, NOW.plusSeconds(60));
    for (Actor a : new Actor[] {BOB, AUDITOR, ADMIN}) {
      assertThat(Authorization.canSee(a, pending("alice"))).isTrue();
      assertThat(Authorization.canSee(a, alices)).isTrue();
    }
  }

  @Test
  void tokensAreManagedByTheirOwnerOrAnAdmin() {
    ApiToken t = new ApiToken("t1", "alice", "ci", "a".repeat(64), NOW, NOW.plusSeconds(60), false, 1);
    assertThat(Authorization.canManage(ALICE, t)).isTrue();
    assertThat(Authorization.canManage(ADMIN, t)).isTrue();
    assertThat(Authorization.canManage(BOB, t)).isFalse();
    assertThat(Authorization.canManage(AUDITOR, t)).isFalse();
  }
}
