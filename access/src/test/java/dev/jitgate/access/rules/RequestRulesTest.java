package dev.jitgate.access.rules;

import static dev.jitgate.access.rules.RuleFixtures.ADMIN;
import static dev.jitgate.access.rules.RuleFixtures.ALICE;
import static dev.jitgate.access.rules.RuleFixtures.BOB;
import static dev.jitgate.access.rules.RuleFixtures.CAROL;
import static dev.jitgate.access.rules.RuleFixtures.DAVE;
import static dev.jitgate.access.rules.RuleFixtures.NOW;
import static dev.jitgate.access.rules.RuleFixtures.accepted;
import static dev.jitgate.access.rules.RuleFixtures.ask;
import static dev.jitgate.access.rules.RuleFixtures.flow;
import static dev.jitgate.access.rules.RuleFixtures.pending;
import static dev.jitgate.access.rules.RuleFixtures.rejection;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jitgate.access.model.AccessRequest;
import dev.jitgate.access.model.Decision;
import dev.jitgate.access.model.Permission;
import dev.jitgate.access.model.PrincipalRef;
import dev.jitgate.access.model.RequestState;
import dev.jitgate.access.model.Role;
import dev.jitgate.access.service.Actor;
import dev.jitgate.access.service.RejectionCode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RequestRulesTest {
  private static final Approvers BOB_ONLY = new Approvers(List.of(PrincipalRef.user("bob")), 1);
  private static final Approvers TWO_OF = new Approvers(
      List.of(PrincipalRef.user("bob"), PrincipalRef.group("dba")), 2);

  private static AccessRequest open(List<AccessRequest> existing) {
    return accepted(RequestRules.open("r9", ask(ALICE, "orders", Permission.READ, Duration.ofHours(2), "why"),
        "", flow("eng-read"), existing, NOW));
  }

  @Test
  void openIsPendingUntilThePendingTimeout() {
    AccessRequest r = open(List.of());
    assertThat(r.state()).isEqualTo(RequestState.PENDING);
    assertThat(r.createdAt()).isEqualTo(NOW);
    assertThat(r.expiresAt()).isEqualTo(NOW.plus(Duration.ofHours(1)));
    assertThat(r.flow()).isEqualTo("eng-read");
    assertThat(r.requester()).isEqualTo("alice");
    assertThat(r.reason()).isEqualTo("why");
    assertThat(r.approvals()).isEmpty();
    assertThat(r.decision()).isNull();
  }

  @Test
  void openConflictsWithAnOpenRequestForTheSameTarget() {
    Rejection r = rejection(RequestRules.open("r9", ask(ALICE, "orders", Permission.READ,
        Duration.ofHours(2), ""), "", flow("eng-read"), List.of(pending("alice")), NOW));
    assertThat(r.code()).isEqualTo(RejectionCode.CONFLICT);
    assertThat(r.message()).contains("pending request r1 for read on prod/orders");
  }

  @Test
  void openDoesNotConflictWithOtherTargetsExpiredOrDecidedRequests() {
    AccessRequest otherDb = new AccessRequest("r2", pending("alice").kind(), "alice", "prod", "users",
        Permission.READ, Duration.ofHours(1), "", "f", "", RequestState.PENDING, NOW, NOW.plusSeconds(60),
        List.of(), null, "", 1);
    AccessRequest expired = pending("alice").withRevision(1);
    AccessRequest lapsed = new AccessRequest("r3", expired.kind(), "alice", "prod", "orders",
        Permission.READ, Duration.ofHours(1), "", "f", "", RequestState.PENDING, NOW.minusSeconds(120),
        NOW, List.of(), null, "", 1);
    AccessRequest denied = expired.decided(RequestState.DENIED, new Decision("bob", NOW, ""), "");
    assertThat(open(List.of(otherDb, lapsed, denied)).state()).isEqualTo(RequestState.PENDING);
  }

  @Test
  void automaticApprovalIsDecidedBySystem() {
    AccessRequest r = accepted(RequestRules.approveAutomatically(open(List.of()), "g1", NOW));
    assertThat(r.state()).isEqualTo(RequestState.APPROVED);
    assertThat(r.grantId()).isEqualTo("g1");
    assertThat(r.decision().by()).isEqualTo(Decision.SYSTEM);
    assertThat(r.decision().at()).isEqualTo(NOW);
  }

  @Test
  void oneApprovalApprovesWhenOneIsNeeded() {
    ApprovalStep step = accepted(RequestRules.approve(pending("alice"), BOB, BOB_ONLY, "ok", "g1", NOW));
    assertThat(step).isInstanceOf(ApprovalStep.Approved.class);
    AccessRequest r = step.request();
    assertThat(r.state()).isEqualTo(RequestState.APPROVED);
    assertThat(r.grantId()).isEqualTo("g1");
    assertThat(r.decision()).isEqualTo(new Decision("bob", NOW, "ok"));
    assertThat(r.approvals()).singleElement().satisfies(a -> assertThat(a.approver()).isEqualTo("bob"));
  }

  @Test
  void selfApprovalIsForbiddenEvenForAdminsAndEligibleApprovers() {
    Actor aliceApprover = new Actor("alice", Set.of(Role.ADMIN), Set.of());
    Approvers includesAlice = new Approvers(List.of(PrincipalRef.user("alice")), 1);
    Rejection r = rejection(RequestRules.approve(pending("alice"), aliceApprover, includesAlice, "", "g", NOW));
    assertThat(r.code()).isEqualTo(RejectionCode.FORBIDDEN);
    assertThat(r.message()).isEqualTo("you cannot approve your own request");
    assertThat(rejection(RequestRules.deny(pending("alice"), aliceApprover, includesAlice, "", NOW)).message())
        .isEqualTo("you cannot deny your own request");
  }

  @Test
  void approverRoleIsRequired() {
    Approvers includesDave = new Approvers(List.of(PrincipalRef.user("dave")), 1);
    Rejection r = rejection(RequestRules.approve(pending("alice"), DAVE, includesDave, "", "g", NOW));
    assertThat(r.code()).isEqualTo(RejectionCode.FORBIDDEN);
    assertThat(r.message()).contains("approver");
  }

  @Test
  void notEligibleIsForbiddenAndListsTheApprovers() {
    Actor eve = new Actor("eve", Set.of(Role.APPROVER), Set.of("eng"));
    Rejection r = rejection(RequestRules.approve(pending("alice"), eve, TWO_OF, "", "g", NOW));
    assertThat(r.code()).isEqualTo(RejectionCode.FORBIDDEN);
    assertThat(r.message())
        .isEqualTo("you are not an approver for this request (approvers: user:bob, group:dba)");
  }

  @Test
  void adminsAreNotAutomaticallyEligible() {
    Rejection r = rejection(RequestRules.approve(pending("alice"), ADMIN, BOB_ONLY, "", "g", NOW));
    assertThat(r.code()).isEqualTo(RejectionCode.FORBIDDEN);
    assertThat(r.message()).contains("you are not an approver for this request");
  }

  @Test
  void adminsNamedAsApproversMayApprove() {
    Approvers includesRoot = new Approvers(List.of(PrincipalRef.user("root")), 1);
    assertThat(accepted(RequestRules.approve(pending("alice"), ADMIN, includesRoot, "", "g", NOW))
        .request().state()).isEqualTo(RequestState.APPROVED);
  }

  @Test
  void noEligibleApproverMeansNobodyCanApprove() {
    Approvers nobody = new Approvers(List.of(), 1);
    Rejection r = rejection(RequestRules.approve(pending("alice"), BOB, nobody, "", "g", NOW));
    assertThat(r.message()).isEqualTo("you are not an approver for this request (approvers: none)");
  }

  @Test
  void groupApproverCountsThroughMembership() {
    Approvers dba = new Approvers(List.of(PrincipalRef.group("dba")), 1);
    assertThat(accepted(RequestRules.approve(pending("alice"), CAROL, dba, "", "g", NOW)).request().state())
        .isEqualTo(RequestState.APPROVED);
    assertThat(rejection(RequestRules.approve(pending("alice"), BOB, dba, "", "g", NOW)).code())
        .isEqualTo(RejectionCode.FORBIDDEN);
  }

  @Test
  void twoApprovalsFromTwoApprovers() {
    ApprovalStep first = accepted(RequestRules.approve(pending("alice"), BOB, TWO_OF, "", "g1", NOW));
    assertThat(first).isInstanceOfSatisfying(ApprovalStep.Recorded.class, rec -> {
      assertThat(rec.approvals()).isEqualTo(1);
      assertThat(rec.needed()).isEqualTo(2);
    });
    assertThat(first.request().state()).isEqualTo(RequestState.PENDING);
    assertThat(first.request().grantId()).isEmpty();
    ApprovalStep second = accepted(RequestRules.approve(first.request(), CAROL, TWO_OF, "lgtm", "g1",
        NOW.plusSeconds(5)));
    assertThat(second).isInstanceOf(ApprovalStep.Approved.class);
    assertThat(second.request().approvals()).extracting(a -> a.approver()).containsExactly("bob", "carol");
    assertThat(second.request().decision().by()).isEqualTo("carol");
    assertThat(second.request().grantId()).isEqualTo("g1");
  }

  @Test
  void oneApproverCountsOnce() {
    ApprovalStep first = accepted(RequestRules.approve(pending("alice"), BOB, TWO_OF, "", "g1", NOW));
    Rejection r = rejection(RequestRules.approve(first.request(), BOB, TWO_OF, "", "g1", NOW));
    assertThat(r.code()).isEqualTo(RejectionCode.CONFLICT);
    assertThat(r.message()).isEqualTo("you already approved this request");
  }

  @Test
  void onlyPendingRequestsCanBeDecided() {
    AccessRequest denied = pending("alice").decided(RequestState.DENIED, new Decision("bob", NOW, ""), "");
    Rejection r = rejection(RequestRules.approve(denied, BOB, BOB_ONLY, "", "g", NOW));
    assertThat(r.code()).isEqualTo(RejectionCode.CONFLICT);
    assertThat(r.message()).isEqualTo("request is denied");
    assertThat(rejection(RequestRules.deny(denied, BOB, BOB_ONLY, "", NOW)).message()).isEqualTo("request is denied");
    assertThat(rejection(RequestRules.cancel(denied, ALICE, NOW)).message()).isEqualTo("request is denied");
  }

  @Test
  void aPendingRequestPastItsExpiryCannotBeDecided() {
    AccessRequest r = pending("alice");
    Instant at = r.expiresAt();
    assertThat(RequestRules.approve(r, BOB, BOB_ONLY, "", "g", at.minusMillis(1)).isAccepted()).isTrue();
    Rejection atExpiry = rejection(RequestRules.approve(r, BOB, BOB_ONLY, "", "g", at));
    assertThat(atExpiry.code()).isEqualTo(RejectionCode.CONFLICT);
    assertThat(atExpiry.message()).isEqualTo("request expired at " + at);
    assertThat(rejection(RequestRules.deny(r, BOB, BOB_ONLY, "", at.plusSeconds(1))).code())
        .isEqualTo(RejectionCode.CONFLICT);
    assertThat(rejection(RequestRules.cancel(r, ALICE, at.plusSeconds(1))).code())
        .isEqualTo(RejectionCode.CONFLICT);
  }

  @Test
  void denyRecordsTheDecision() {
    AccessRequest r = accepted(RequestRules.deny(pending("alice"), BOB, BOB_ONLY, "not now", NOW));
    assertThat(r.state()).isEqualTo(RequestState.DENIED);
    assertThat(r.decision()).isEqualTo(new Decision("bob", NOW, "not now"));
    assertThat(r.grantId()).isEmpty();
  }

  @Test
  void denyNeedsAnEligibleApprover() {
    Rejection r = rejection(RequestRules.deny(pending("alice"), ADMIN, BOB_ONLY, "", NOW));
    assertThat(r.code()).isEqualTo(RejectionCode.FORBIDDEN);
  }

  @Test
  void cancelByTheRequester() {
    AccessRequest r = accepted(RequestRules.cancel(pending("alice"), ALICE, NOW));
    assertThat(r.state()).isEqualTo(RequestState.CANCELLED);
    assertThat(r.decision().by()).isEqualTo("alice");
  }

  @Test
  void cancelByAnyoneElseIsForbidden() {
    Rejection byApprover = rejection(RequestRules.cancel(pending("alice"), BOB, NOW));
    Rejection byAdmin = rejection(RequestRules.cancel(pending("alice"), ADMIN, NOW));
    assertThat(byApprover.code()).isEqualTo(RejectionCode.FORBIDDEN);
    assertThat(byAdmin.message()).isEqualTo("only the requester can cancel a request");
  }

  @Test
  void expiryBeforeAtAndAfterExpiresAt() {
    AccessRequest r = pending("alice");
    Rejection before = rejection(RequestRules.expire(r, r.expiresAt().minusMillis(1)));
    assertThat(before.code()).isEqualTo(RejectionCode.CONFLICT);
    assertThat(RequestRules.isOpenAt(r, r.expiresAt().minusMillis(1))).isTrue();
    AccessRequest at = accepted(RequestRules.expire(r, r.expiresAt()));
    assertThat(at.state()).isEqualTo(RequestState.EXPIRED);
    assertThat(at.decision()).isEqualTo(
        new Decision(Decision.SYSTEM, r.expiresAt(), "not decided before it expired"));
    assertThat(RequestRules.isOpenAt(r, r.expiresAt())).isFalse();
    assertThat(accepted(RequestRules.expire(r, r.expiresAt().plusSeconds(3600))).state())
        .isEqualTo(RequestState.EXPIRED);
  }

  @Test
  void onlyPendingRequestsExpire() {
    AccessRequest approved = pending("alice").decided(RequestState.APPROVED, new Decision("bob", NOW, ""), "g");
    assertThat(rejection(RequestRules.expire(approved, NOW.plus(Duration.ofDays(1)))).message())
        .isEqualTo("request is approved");
  }
}
