package dev.jitgate.access.rules;

import static dev.jitgate.access.rules.RuleFixtures.ADMIN;
import static dev.jitgate.access.rules.RuleFixtures.ALICE;
import static dev.jitgate.access.rules.RuleFixtures.BOB;
import static dev.jitgate.access.rules.RuleFixtures.DAVE;
import static dev.jitgate.access.rules.RuleFixtures.NOW;
import static dev.jitgate.access.rules.RuleFixtures.accepted;
import static dev.jitgate.access.rules.RuleFixtures.active;
import static dev.jitgate.access.rules.RuleFixtures.flow;
import static dev.jitgate.access.rules.RuleFixtures.integration;
import static dev.jitgate.access.rules.RuleFixtures.pending;
import static dev.jitgate.access.rules.RuleFixtures.rejection;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jitgate.access.model.AccessRequest;
import dev.jitgate.access.model.Decision;
import dev.jitgate.access.model.EndReason;
import dev.jitgate.access.model.Grant;
import dev.jitgate.access.model.GrantState;
import dev.jitgate.access.model.Permission;
import dev.jitgate.access.model.RequestKind;
import dev.jitgate.access.model.RequestState;
import dev.jitgate.access.service.RejectionCode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GrantRulesTest {
  private static final Instant END = NOW.plus(Duration.ofHours(1));

  private static Grant aliceGrant() {
    return active("g1", "alice", "orders", NOW.minusSeconds(600), END);
  }

  private static AccessRequest extension(Duration extra) {
    return new AccessRequest("x1", RequestKind.EXTENSION, "alice", "prod", "orders", Permission.READ,
        extra, "", "eng-read", "g1", RequestState.APPROVED, NOW, NOW.plusSeconds(3600), List.of(),
        new Decision("bob", NOW, ""), "g1", 2);
  }

  @Test
  void anApprovedRequestYieldsAGrantFromNowForItsDuration() {
    AccessRequest approved = pending("alice").decided(RequestState.APPROVED, new Decision("bob", NOW, ""), "g7");
    Grant g = accepted(GrantRules.issue(approved, NOW));
    assertThat(g.id()).isEqualTo("g7");
    assertThat(g.principal()).isEqualTo("alice");
    assertThat(g.requestId()).isEqualTo("r1");
    assertThat(g.startsAt()).isEqualTo(NOW);
    assertThat(g.endsAt()).isEqualTo(NOW.plus(Duration.ofHours(2)));
    assertThat(g.state()).isEqualTo(GrantState.ACTIVE);
    assertThat(g.revision()).isZero();
  }

  @Test
  void aPendingRequestYieldsNoGrant() {
    assertThat(rejection(GrantRules.issue(pending("alice"), NOW)).code()).isEqualTo(RejectionCode.CONFLICT);
  }

  @Test
  void aNewGrantSupersedesTheActiveOneOnTheSameDatabaseOnly() {
    Grant previous = aliceGrant();
    Grant otherDb = active("g2", "alice", "users", NOW.minusSeconds(60), END);
    Grant otherUser = active("g3", "dave", "orders", NOW.minusSeconds(60), END);
    Grant alreadyRevoked = active("g4", "alice", "orders", NOW.minusSeconds(900), END)
        .ended(GrantState.REVOKED, NOW.minusSeconds(300), "bob", EndReason.REVOKED, "");
    Grant successor = active("g9", "alice", "orders", NOW, NOW.plus(Duration.ofHours(2)));
    List<Grant> ended = GrantRules.supersede(
        List.of(previous, otherDb, otherUser, alreadyRevoked, successor), successor, NOW);
    assertThat(ended).singleElement().satisfies(g -> {
      assertThat(g.id()).isEqualTo("g1");
      assertThat(g.state()).isEqualTo(GrantState.ENDED);
      assertThat(g.endReason()).isEqualTo(EndReason.SUPERSEDED);
      assertThat(g.supersededBy()).isEqualTo("g9");
      assertThat(g.endedBy()).isEqualTo(Decision.SYSTEM);
      assertThat(g.endedAt()).isEqualTo(NOW);
      assertThat(g.revision()).isEqualTo(previous.revision());
    });
  }

  @Test
  void onlyTheHolderMayAskForAnExtension() {
    assertThat(GrantRules.checkExtendable(aliceGrant(), ALICE, NOW).isAccepted()).isTrue();
    Rejection byAdmin = rejection(GrantRules.checkExtendable(aliceGrant(), ADMIN, NOW));
    assertThat(byAdmin.code()).isEqualTo(RejectionCode.FORBIDDEN);
    assertThat(byAdmin.message()).isEqualTo("only the holder of a grant can extend it");
  }

  @Test
  void anExtensionNeedsAGrantThatIsStillActive() {
    Rejection pastEnd = rejection(GrantRules.checkExtendable(aliceGrant(), ALICE, END));
    assertThat(pastEnd.code()).isEqualTo(RejectionCode.CONFLICT);
    assertThat(pastEnd.message()).contains("ended at " + END);
    Grant revoked = aliceGrant().ended(GrantState.REVOKED, NOW, "bob", EndReason.REVOKED, "");
    assertThat(rejection(GrantRules.checkExtendable(revoked, ALICE, NOW)).message()).contains("is revoked");
  }

  @Test
  void anApprovedExtensionMovesTheEnd() {
    Grant g = accepted(GrantRules.extend(aliceGrant(), extension(Duration.ofMinutes(30)), NOW));
    assertThat(g.endsAt()).isEqualTo(END.plus(Duration.ofMinutes(30)));
    assertThat(g.id()).isEqualTo("g1");
    assertThat(g.startsAt()).isEqualTo(aliceGrant().startsAt());
  }

  @Test
  void anExtensionApprovedAfterTheGrantEndedIsRejected() {
    Grant ended = aliceGrant().ended(GrantState.ENDED, END, Decision.SYSTEM, EndReason.EXPIRED, "");
    assertThat(rejection(GrantRules.extend(ended, extension(Duration.ofMinutes(30)), NOW)).code())
        .isEqualTo(RejectionCode.CONFLICT);
    assertThat(rejection(GrantRules.extend(aliceGrant(), extension(Duration.ofMinutes(30)), END)).code())
        .isEqualTo(RejectionCode.CONFLICT);
  }

  @Test
  void anExtensionOverTheFlowMaximumIsInvalid() {
    RequestedAccess ask = new RequestedAccess("alice", java.util.Set.of("eng"), RequestKind.EXTENSION,
        integration(), "orders", Map.of(), Permission.READ, Duration.ofHours(5), "");
    Rejection r = rejection(FlowMatcher.match(List.of(flow("eng-read")), ask));
    assertThat(r.field()).isEqualTo("duration");
    assertThat(r.message()).isEqualTo("must be at most 4h under flow eng-read");
  }

  @Test
  void theHolderMayRevoke() {
    Grant g = accepted(GrantRules.revoke(aliceGrant(), ALICE, NOW));
    assertThat(g.state()).isEqualTo(GrantState.REVOKED);
    assertThat(g.endReason()).isEqualTo(EndReason.REVOKED);
    assertThat(g.endedBy()).isEqualTo("alice");
    assertThat(g.endedAt()).isEqualTo(NOW);
  }

  @Test
  void approversAndAdminsMayRevoke() {
    assertThat(accepted(GrantRules.revoke(aliceGrant(), BOB, NOW)).endedBy()).isEqualTo("bob");
    assertThat(accepted(GrantRules.revoke(aliceGrant(), ADMIN, NOW)).endedBy()).isEqualTo("root");
  }

  @Test
  void othersMayNotRevoke() {
    Rejection r = rejection(GrantRules.revoke(aliceGrant(), DAVE, NOW));
    assertThat(r.code()).isEqualTo(RejectionCode.FORBIDDEN);
  }

  @Test
  void onlyActiveGrantsCanBeRevoked() {
    Grant revoked = accepted(GrantRules.revoke(aliceGrant(), BOB, NOW));
    Rejection r = rejection(GrantRules.revoke(revoked, BOB, NOW));
    assertThat(r.code()).isEqualTo(RejectionCode.CONFLICT);
    assertThat(r.message()).isEqualTo("grant is revoked");
  }

  @Test
  void aGrantEndsNaturallyAtItsEnd() {
    assertThat(rejection(GrantRules.endNaturally(aliceGrant(), END.minusMillis(1))).code())
        .isEqualTo(RejectionCode.CONFLICT);
    Grant g = accepted(GrantRules.endNaturally(aliceGrant(), END));
    assertThat(g.state()).isEqualTo(GrantState.ENDED);
    assertThat(g.endReason()).isEqualTo(EndReason.EXPIRED);
    assertThat(g.endedBy()).isEqualTo(Decision.SYSTEM);
    assertThat(g.endedAt()).isEqualTo(END);
    assertThat(rejection(GrantRules.endNaturally(g, END.plusSeconds(5))).message()).isEqualTo("grant is ended");
  }

  @Test
  void credentialsOnlyForTheHolderWhileActive() {
    assertThat(GrantRules.checkCredentialIssue(aliceGrant(), ALICE, NOW).isAccepted()).isTrue();
    assertThat(rejection(GrantRules.checkCredentialIssue(aliceGrant(), ADMIN, NOW)).code())
        .isEqualTo(RejectionCode.FORBIDDEN);
    assertThat(rejection(GrantRules.checkCredentialIssue(aliceGrant(), BOB, NOW)).code())
        .isEqualTo(RejectionCode.FORBIDDEN);
    assertThat(rejection(GrantRules.checkCredentialIssue(aliceGrant(), ALICE, END)).code())
        .isEqualTo(RejectionCode.CONFLICT);
    Grant revoked = accepted(GrantRules.revoke(aliceGrant(), BOB, NOW));
    assertThat(rejection(GrantRules.checkCredentialIssue(revoked, ALICE, NOW)).code())
        .isEqualTo(RejectionCode.CONFLICT);
  }

  @Test
  void aCredentialIsKeptForTheRetentionPeriodAfterItsGrantEnded() {
    Duration week = Duration.ofDays(7);
    Grant active = aliceGrant();
    assertThat(GrantRules.credentialRetentionOver(active, END.plus(Duration.ofDays(30)), week))
        .as("an active grant keeps its credential, even long past its end").isFalse();
    Grant expired = accepted(GrantRules.endNaturally(active, END.plusSeconds(1)));
    assertThat(GrantRules.credentialRetentionOver(expired, END.plus(week).minusNanos(1), week)).isFalse();
    assertThat(GrantRules.credentialRetentionOver(expired, END.plus(week), week)).isTrue();
    Grant revoked = accepted(GrantRules.revoke(aliceGrant(), BOB, NOW));
    assertThat(GrantRules.credentialRetentionOver(revoked, NOW.plus(Duration.ofDays(6)), week)).isFalse();
    assertThat(GrantRules.credentialRetentionOver(revoked, NOW.plus(Duration.ofDays(8)), week)).isTrue();
    assertThat(GrantRules.credentialRetentionOver(revoked, NOW, Duration.ZERO)).isTrue();
  }
}
