package dev.jitgate.access.service;

import static dev.jitgate.access.service.ServiceHarness.ROOT;
import static dev.jitgate.access.service.ServiceHarness.START;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jitgate.access.ids.UuidV7Generator;
import dev.jitgate.access.model.AccessRequest;
import dev.jitgate.access.model.AdminEvent;
import dev.jitgate.access.model.ApprovalRule;
import dev.jitgate.access.model.Decision;
import dev.jitgate.access.model.EndReason;
import dev.jitgate.access.model.EntityKind;
import dev.jitgate.access.model.Grant;
import dev.jitgate.access.model.GrantState;
import dev.jitgate.access.model.PrincipalRef;
import dev.jitgate.access.model.RequestKind;
import dev.jitgate.access.model.RequestState;
import dev.jitgate.access.model.Resource;
import dev.jitgate.access.secret.DefaultSecretResolver;
import dev.jitgate.access.store.ChangeRecord;
import dev.jitgate.access.store.GrantQuery;
import dev.jitgate.pg.scram.ScramVerifier;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RequestLifecycleServiceTest {
  private final ServiceHarness h = new ServiceHarness().seeded();
  private final AccessService service = h.service;
  private final Actor alice = h.actor("alice");
  private final Actor bob = h.actor("bob");
  private final Actor carol = h.actor("carol");

  @AfterEach
  void close() {
    h.close();
  }

  static void assertRejected(ThrowingCallable call, RejectionCode code, String messagePart) {
    assertThatThrownBy(call).isInstanceOfSatisfying(AccessException.class, e -> {
      assertThat(e.code()).as(e.getMessage()).isEqualTo(code);
      assertThat(e.getMessage()).contains(messagePart);
    });
  }

  private Grant grantOf(AccessRequest request) {
    return service.grant(alice, request.grantId());
  }

  @Test
  void automaticFlowApprovesAtOnceAndYieldsAGrant() {
    h.automaticFlow();
    int before = h.events().size();
    AccessRequest r = service.createRequest(alice, h.ask("orders", Duration.ofHours(2)));
    assertThat(r.state()).isEqualTo(RequestState.APPROVED);
    assertThat(r.flow()).isEqualTo("auto");
    assertThat(r.decision().by()).isEqualTo(Decision.SYSTEM);
    assertThat(r.revision()).isPositive();
    Grant g = grantOf(r);
    assertThat(g.state()).isEqualTo(GrantState.ACTIVE);
    assertThat(g.startsAt()).isEqualTo(START);
    assertThat(g.endsAt()).isEqualTo(START.plus(Duration.ofHours(2)));
    assertThat(g.requestId()).isEqualTo(r.id());
    assertThat(h.actions().subList(before, h.events().size()))
        .containsExactly("access_request.create", "access_request.approve", "grant.create");
  }

  @Test
  void manualApprovalNeedsTwoDistinctApprovers() {
    h.manualFlow(2);
    AccessRequest r = service.createRequest(alice, h.ask("orders", Duration.ofHours(1)));
    assertThat(r.state()).isEqualTo(RequestState.PENDING);
    assertThat(r.expiresAt()).isEqualTo(START.plus(Duration.ofHours(1)));
    AccessRequest once = service.approve(bob, r.id(), "fine");
    assertThat(once.state()).isEqualTo(RequestState.PENDING);
    assertThat(once.approvals()).hasSize(1);
    assertRejected(() -> service.approve(bob, r.id(), ""), RejectionCode.CONFLICT, "already approved");
    assertRejected(() -> service.approve(alice, r.id(), ""), RejectionCode.FORBIDDEN, "your own request");
    assertRejected(() -> service.approve(ROOT, r.id(), ""), RejectionCode.FORBIDDEN,
        "you are not an approver for this request (approvers: group:dba)");
    AccessRequest twice = service.approve(carol, r.id(), "ok");
    assertThat(twice.state()).isEqualTo(RequestState.APPROVED);
    assertThat(twice.decision().by()).isEqualTo("carol");
    assertThat(grantOf(twice).principal()).isEqualTo("alice");
    assertRejected(() -> service.approve(carol, r.id(), ""), RejectionCode.CONFLICT, "request is approved");
  }

  @Test
  void resourceOwnersApproveAndIntegrationOwnersAreTheFallback() {
    service.createFlow(ROOT, ServiceHarness.flow("owners", new ApprovalRule.Manual(true, List.of(), 1),
        Duration.ofHours(4), false));
    service.putPrincipal(ROOT, ServiceHarness.group("payments", dev.jitgate.access.model.Role.APPROVER));
    service.putPrincipal(ROOT, ServiceHarness.user("paula", java.util.Set.of(), "payments"));
    service.putResource(ROOT, new Resource("prod", "orders", "", "", Map.of("owner", "payments"), 0));
    Actor olga = h.actor("olga");
    AccessRequest owned = service.createRequest(alice, h.ask("orders", Duration.ofHours(1)));
    assertRejected(() -> service.approve(olga, owned.id(), ""), RejectionCode.FORBIDDEN, "group:payments");
    assertThat(service.approve(h.actor("paula"), owned.id(), "").state()).isEqualTo(RequestState.APPROVED);
    AccessRequest unowned = service.createRequest(alice, h.ask("billing", Duration.ofHours(1)));
    assertRejected(() -> service.approve(h.actor("paula"), unowned.id(), ""), RejectionCode.FORBIDDEN,
        "group:prod-owners");
    assertThat(service.approve(olga, unowned.id(), "").state()).isEqualTo(RequestState.APPROVED);
  }

  @Test
  void denyIsFinal() {
    h.manualFlow(1);
    AccessRequest r = service.createRequest(alice, h.ask("orders", Duration.ofHours(1)));
    AccessRequest denied = service.deny(bob, r.id(), "no");
    assertThat(denied.state()).isEqualTo(RequestState.DENIED);
    assertThat(denied.decision().comment()).isEqualTo("no");
    assertRejected(() -> service.approve(carol, r.id(), ""), RejectionCode.CONFLICT, "request is denied");
    assertThat(h.actions()).contains("access_request.deny");
    assertThat(service.grants(alice, GrantQuery.all())).isEmpty();
  }

  @Test
  void cancelByTheRequesterOnly() {
    h.manualFlow(1);
    AccessRequest r = service.createRequest(alice, h.ask("orders", Duration.ofHours(1)));
    assertRejected(() -> service.cancel(bob, r.id()), RejectionCode.FORBIDDEN, "only the requester");
    assertRejected(() -> service.cancel(h.actor("dave"), r.id()), RejectionCode.NOT_FOUND, r.id());
    assertThat(service.cancel(alice, r.id()).state()).isEqualTo(RequestState.CANCELLED);
    assertRejected(() -> service.cancel(alice, r.id()), RejectionCode.CONFLICT, "request is cancelled");
  }

  @Test
  void aSecondPendingRequestForTheSameTargetConflicts() {
    h.manualFlow(1);
    AccessRequest r = service.createRequest(alice, h.ask("orders", Duration.ofHours(1)));
    assertRejected(() -> service.createRequest(alice, h.ask("orders", Duration.ofHours(2))),
        RejectionCode.CONFLICT, r.id());
    assertThat(service.createRequest(alice, h.ask("billing", Duration.ofHours(1))).state())
        .isEqualTo(RequestState.PENDING);
  }

  @Test
  void pendingRequestsExpireThroughTheSweep() {
    h.manualFlow(1);
    AccessRequest r = service.createRequest(alice, h.ask("orders", Duration.ofHours(1)));
    h.clock.set(r.expiresAt().minusMillis(1));
    assertThat(service.sweep()).isEqualTo(new SweepResult(0, 0));
    h.clock.set(r.expiresAt());
    assertRejected(() -> service.approve(bob, r.id(), ""), RejectionCode.CONFLICT,
        "request expired at " + r.expiresAt());
    assertThat(service.sweep()).isEqualTo(new SweepResult(1, 0));
    AccessRequest expired = service.request(alice, r.id());
    assertThat(expired.state()).isEqualTo(RequestState.EXPIRED);
    assertThat(expired.decision().by()).isEqualTo(Decision.SYSTEM);
    assertThat(h.actions()).contains("access_request.expire");
    assertThat(service.sweep()).isEqualTo(new SweepResult(0, 0));
    assertThat(service.createRequest(alice, h.ask("orders", Duration.ofHours(1))).state())
        .isEqualTo(RequestState.PENDING);
  }

  @Test
  void aNewGrantSupersedesTheActiveOne() {
    h.automaticFlow();
    AccessRequest first = service.createRequest(alice, h.ask("orders", Duration.ofHours(2)));
    service.issueCredential(alice, first.grantId());
    h.clock.advance(Duration.ofMinutes(10));
    AccessRequest second = service.createRequest(alice, h.ask("orders", Duration.ofHours(1)));
    Grant old = grantOf(first);
    assertThat(old.state()).isEqualTo(GrantState.ENDED);
    assertThat(old.endReason()).isEqualTo(EndReason.SUPERSEDED);
    assertThat(old.supersededBy()).isEqualTo(second.grantId());
    assertThat(old.endedBy()).isEqualTo(Decision.SYSTEM);
    assertThat(h.store.credential(first.grantId())).as("kept so the proxy can say it was superseded")
        .isPresent();
    assertThat(service.grants(alice, GrantQuery.activeOf("alice"))).extracting(Grant::id)
        .containsExactly(second.grantId());
    assertThat(h.actions()).contains("grant.supersede");
  }

  @Test
  void anApprovedExtensionMovesTheEndOfTheSameGrant() {
    h.manualFlow(1);
    AccessRequest r = service.approve(bob,
        service.createRequest(alice, h.ask("orders", Duration.ofHours(1))).id(), "");
    Grant g = grantOf(r);
    h.clock.advance(Duration.ofMinutes(30));
    AccessRequest ext = service.extend(alice, g.id(), Duration.ofHours(2), "still debugging");
    assertThat(ext.kind()).isEqualTo(RequestKind.EXTENSION);
    assertThat(ext.state()).isEqualTo(RequestState.PENDING);
    AccessRequest approved = service.approve(carol, ext.id(), "");
    assertThat(approved.grantId()).isEqualTo(g.id());
    Grant extended = grantOf(r);
    assertThat(extended.endsAt()).isEqualTo(g.endsAt().plus(Duration.ofHours(2)));
    assertThat(extended.startsAt()).isEqualTo(g.startsAt());
    assertThat(service.grants(alice, GrantQuery.all())).hasSize(1);
    assertThat(h.actions()).contains("grant.extend");
  }

  @Test
  void extensionsAreForTheHolderOfAnActiveGrantWithinTheFlowMaximum() {
    h.automaticFlow();
    AccessRequest r = service.createRequest(alice, h.ask("orders", Duration.ofHours(1)));
    assertRejected(() -> service.extend(alice, r.grantId(), Duration.ofHours(5), ""),
        RejectionCode.INVALID, "must be at most 4h under flow auto");
    assertRejected(() -> service.extend(h.actor("dave"), r.grantId(), Duration.ofHours(1), ""),
        RejectionCode.NOT_FOUND, r.grantId());
    assertRejected(() -> service.extend(ROOT, r.grantId(), Duration.ofHours(1), ""),
        RejectionCode.FORBIDDEN, "only the holder");
    AccessRequest ext = service.extend(alice, r.grantId(), Duration.ofMinutes(30), "");
    assertThat(ext.state()).as("automatic flow").isEqualTo(RequestState.APPROVED);
    assertThat(grantOf(r).endsAt()).isEqualTo(START.plus(Duration.ofMinutes(90)));
    h.clock.advance(Duration.ofMinutes(90));
    assertRejected(() -> service.extend(alice, r.grantId(), Duration.ofHours(1), ""),
        RejectionCode.CONFLICT, "ended at");
  }

  @Test
  void anExtensionApprovedAfterTheGrantWasRevokedIsRefused() {
    h.manualFlow(1);
    AccessRequest r = service.approve(bob,
        service.createRequest(alice, h.ask("orders", Duration.ofHours(1))).id(), "");
    AccessRequest ext = service.extend(alice, r.grantId(), Duration.ofHours(1), "");
    service.revoke(carol, r.grantId(), "incident over");
    assertRejected(() -> service.approve(bob, ext.id(), ""), RejectionCode.CONFLICT, "is revoked");
    assertThat(service.request(alice, ext.id()).state()).isEqualTo(RequestState.PENDING);
  }

  @Test
  void revokeByHolderOrApproverButNotByOthers() {
    h.automaticFlow();
    AccessRequest first = service.createRequest(alice, h.ask("orders", Duration.ofHours(1)));
    service.issueCredential(alice, first.grantId());
    assertRejected(() -> service.revoke(h.actor("dave"), first.grantId(), ""), RejectionCode.NOT_FOUND,
        first.grantId());
    assertRejected(() -> service.revoke(h.actor("audrey"), first.grantId(), ""), RejectionCode.FORBIDDEN,
        "holder or an approver");
    Grant revoked = service.revoke(bob, first.grantId(), "done");
    assertThat(revoked.state()).isEqualTo(GrantState.REVOKED);
    assertThat(revoked.endedBy()).isEqualTo("bob");
    assertThat(revoked.endedAt()).isEqualTo(START);
    assertThat(h.store.credential(first.grantId())).as("kept so the proxy can say it was revoked")
        .isPresent();
    assertRejected(() -> service.revoke(bob, first.grantId(), ""), RejectionCode.CONFLICT, "grant is revoked");
    AccessRequest second = service.createRequest(alice, h.ask("billing", Duration.ofHours(1)));
    assertThat(service.revoke(alice, second.grantId(), "").endedBy()).isEqualTo("alice");
    AdminEvent event = h.events().stream().filter(e -> e.action().equals("grant.revoke")).findFirst().orElseThrow();
    assertThat(event.details()).containsEntry("reason", "done").containsEntry("endReason", "revoked");
  }

  @Test
  void grantsEndThroughTheSweepAndKeepTheirCredential() {
    h.automaticFlow();
    AccessRequest r = service.createRequest(alice, h.ask("orders", Duration.ofHours(1)));
    service.issueCredential(alice, r.grantId());
    String verifier = h.store.credential(r.grantId()).orElseThrow().verifier();
    h.clock.advance(Duration.ofMinutes(59));
    assertThat(service.sweep().endedGrants()).isZero();
    h.clock.advance(Duration.ofMinutes(1));
    assertThat(service.sweep()).isEqualTo(new SweepResult(0, 1));
    Grant ended = grantOf(r);
    assertThat(ended.state()).isEqualTo(GrantState.ENDED);
    assertThat(ended.endReason()).isEqualTo(EndReason.EXPIRED);
    assertThat(h.store.credential(r.grantId())).hasValueSatisfying(c -> assertThat(c.verifier())
        .isEqualTo(verifier));
    assertThat(h.actions()).contains("grant.end").doesNotContain("grant_credential.purge");
    assertRejected(() -> service.issueCredential(alice, r.grantId()), RejectionCode.CONFLICT, "is ended");
    assertThat(h.store.credential(r.grantId()).orElseThrow().verifier()).as("a refused re-issue changes nothing")
        .isEqualTo(verifier);
  }

  @Test
  void theSweepPurgesCredentialsOfGrantsEndedLongerThanTheRetentionAgo() {
    h.automaticFlow();
    AccessRequest expiring = service.createRequest(alice, h.ask("orders", Duration.ofHours(1)));
    service.issueCredential(alice, expiring.grantId());
    AccessRequest revoked = service.createRequest(alice, h.ask("billing", Duration.ofHours(4)));
    service.issueCredential(alice, revoked.grantId());
    h.clock.advance(Duration.ofMinutes(30));
    service.revoke(alice, revoked.grantId(), "");
    AccessRequest dave = service.createRequest(h.actor("dave"), h.ask("orders", Duration.ofHours(4)));
    service.issueCredential(h.actor("dave"), dave.grantId());
    h.clock.advance(Duration.ofMinutes(30));
    assertThat(service.sweep().endedGrants()).isEqualTo(1);

    h.clock.set(START.plus(DefaultAccessService.CREDENTIAL_RETENTION).plus(Duration.ofMinutes(29)));
    service.sweep();
    assertThat(h.store.credential(revoked.grantId())).as("revoked 1 minute less than 7 days ago").isPresent();
    h.clock.advance(Duration.ofMinutes(1));
    service.sweep();
    assertThat(h.store.credential(revoked.grantId())).as("revoked 7 days ago").isEmpty();
    assertThat(h.store.credential(expiring.grantId())).as("ended 6d23h30m ago").isPresent();
    h.clock.advance(Duration.ofMinutes(30));
    service.sweep();
    assertThat(h.store.credential(expiring.grantId())).isEmpty();
    assertThat(h.store.credential(dave.grantId())).as("dave's grant ended at START+4h30m, less than 7 days ago").isPresent();
    assertThat(grantOf(expiring).state()).as("the grant itself stays").isEqualTo(GrantState.ENDED);

    List<AdminEvent> purges = h.events().stream().filter(e -> e.action().equals("grant_credential.purge")).toList();
    assertThat(purges).extracting(AdminEvent::targetId).containsExactly(revoked.grantId(), expiring.grantId());
    assertThat(purges.get(0).details()).containsEntry("principal", "alice").containsEntry("retention", "7d")
        .containsEntry("grantEndedAt", START.plus(Duration.ofMinutes(30)).toString());
    assertThat(purges.get(0).targetKind()).isEqualTo("grant_credential");
    assertThat(purges.get(0).actor()).isEqualTo(Decision.SYSTEM);
    long before = h.store.currentVersion();
    service.sweep();
    assertThat(h.store.currentVersion()).as("nothing left to purge: no commit").isEqualTo(before);
  }

  @Test
  void theSweepLooksForCredentialsToPurgeAtMostOnceAMinute() {
    h.automaticFlow();
    AccessRequest r = service.createRequest(alice, h.ask("orders", Duration.ofHours(1)));
    service.issueCredential(alice, r.grantId());
    service.revoke(alice, r.grantId(), "");
    h.clock.set(START.plus(DefaultAccessService.CREDENTIAL_RETENTION).minusSeconds(10));
    service.sweep();
    h.clock.advance(Duration.ofSeconds(40));
    service.sweep();
    assertThat(h.store.credential(r.grantId())).as("due, but the last look was 40s ago").isPresent();
    h.clock.advance(Duration.ofSeconds(20));
    service.sweep();
    assertThat(h.store.credential(r.grantId())).isEmpty();
  }

  @Test
  void purgingManyCredentialsCommitsInBatches() {
    h.automaticFlow();
    Duration retention = Duration.ofHours(1);
    DefaultAccessService quick = new DefaultAccessService(h.store, h.clock,
        new UuidV7Generator(h.clock, new SecureRandom()), new DefaultSecretResolver(Map.of()),
        (i, p) -> { throw new AssertionError("no probe"); }, new SecureRandom(), retention);
    for (int i = 0; i < 120; i++) {
      AccessRequest r = quick.createRequest(alice, h.ask(i % 2 == 0 ? "orders" : "billing", Duration.ofHours(1)));
      quick.issueCredential(alice, r.grantId());
    }
    h.clock.advance(Duration.ofMinutes(90));
    long before = h.store.currentVersion();
    assertThat(quick.sweep().endedGrants()).as("the last two were still active").isEqualTo(2);
    assertThat(h.store.list(EntityKind.CREDENTIAL))
        .as("the superseded ones ended 90m ago, the last two 30m ago").hasSize(2);
    long purgeCommits = h.store.changesSince(before, 10_000).stream()
        .filter(c -> c.kind() == EntityKind.CREDENTIAL)
        .map(ChangeRecord::version).distinct().count();
    assertThat(purgeCommits).as("118 credentials, 100 per commit").isEqualTo(2);
    assertThat(h.events().stream().filter(e -> e.action().equals("grant_credential.purge"))).hasSize(118);
  }

  @Test
  void credentialsAreIssuedToTheHolderAndReissueReplacesThem() {
    h.automaticFlow();
    AccessRequest r = service.createRequest(alice, h.ask("orders", Duration.ofHours(1)));
    IssuedCredential first = service.issueCredential(alice, r.grantId());
    assertThat(first.password()).hasSize(43).matches("[A-Za-z0-9_-]+");
    assertThat(first.toString()).doesNotContain(first.password());
    String verifier1 = h.store.credential(r.grantId()).orElseThrow().verifier();
    assertThat(verifier1).doesNotContain(first.password());
    assertThat(ScramVerifier.parse(verifier1).matchesPassword(first.password())).isTrue();
    IssuedCredential second = service.issueCredential(alice, r.grantId());
    String verifier2 = h.store.credential(r.grantId()).orElseThrow().verifier();
    assertThat(second.password()).isNotEqualTo(first.password());
    assertThat(ScramVerifier.parse(verifier2).matchesPassword(second.password())).isTrue();
    assertThat(ScramVerifier.parse(verifier2).matchesPassword(first.password())).isFalse();
    assertRejected(() -> service.issueCredential(bob, r.grantId()), RejectionCode.FORBIDDEN, "only the holder");
    assertRejected(() -> service.issueCredential(ROOT, r.grantId()), RejectionCode.FORBIDDEN, "only the holder");
    assertRejected(() -> service.issueCredential(h.actor("dave"), r.grantId()), RejectionCode.NOT_FOUND, "");
    h.clock.advance(Duration.ofHours(1));
    assertRejected(() -> service.issueCredential(alice, r.grantId()), RejectionCode.CONFLICT, "ended at");
    AdminEvent reissue = h.events().stream().filter(e -> e.action().equals("grant_credential.issue"))
        .reduce((a, b) -> b).orElseThrow();
    assertThat(reissue.details()).containsEntry("reissue", "true");
  }

  @Test
  void requestsAreValidatedWithTheFieldNamed() {
    h.manualFlow(1);
    assertRejected(() -> service.createRequest(alice, h.ask("orders", Duration.ofHours(5))),
        RejectionCode.INVALID, "must be at most 4h under flow manual");
    assertRejected(() -> service.createRequest(alice, h.ask("nope", Duration.ofHours(1))),
        RejectionCode.INVALID, "has no database nope");
    assertRejected(() -> service.createRequest(alice,
        new NewAccessRequest("prod", "orders", dev.jitgate.access.model.Permission.ADMIN, Duration.ofHours(1), "")),
        RejectionCode.INVALID, "does not offer permission admin");
    assertRejected(() -> service.createRequest(alice,
        new NewAccessRequest("nowhere", "orders", dev.jitgate.access.model.Permission.READ, Duration.ofHours(1), "")),
        RejectionCode.INVALID, "no integration named nowhere");
    assertThatThrownBy(() -> service.createRequest(alice, h.ask("orders", Duration.ZERO)))
        .isInstanceOfSatisfying(AccessException.class, e -> assertThat(e.field()).isEqualTo("duration"));
    assertThatThrownBy(() -> service.createRequest(alice,
        new NewAccessRequest("prod", "orders", dev.jitgate.access.model.Permission.READ, Duration.ofHours(1),
            "x".repeat(5000))))
        .isInstanceOfSatisfying(AccessException.class, e -> {
          assertThat(e.code()).isEqualTo(RejectionCode.INVALID);
          assertThat(e.field()).isEqualTo("reason");
        });
  }

  @Test
  void justificationIsRequiredWhenTheFlowSaysSo() {
    service.createFlow(ROOT, ServiceHarness.flow("strict", new ApprovalRule.Automatic(), Duration.ofHours(1), true));
    assertThatThrownBy(() -> service.createRequest(alice, new NewAccessRequest("prod", "orders",
        dev.jitgate.access.model.Permission.READ, Duration.ofHours(1), " ")))
        .isInstanceOfSatisfying(AccessException.class, e -> {
          assertThat(e.code()).isEqualTo(RejectionCode.INVALID);
          assertThat(e.field()).isEqualTo("reason");
          assertThat(e.getMessage()).isEqualTo("flow strict requires a reason");
        });
    assertThat(service.createRequest(alice, h.ask("orders", Duration.ofHours(1))).state())
        .isEqualTo(RequestState.APPROVED);
  }

  @Test
  void withoutAFlowRequestsAreForbiddenWithAHint() {
    assertRejected(() -> service.createRequest(alice, h.ask("orders", Duration.ofHours(1))),
        RejectionCode.FORBIDDEN, "no access flow lets you request read on prod/orders; ask an admin to add one");
  }

  @Test
  void everyActionLeavesOneEventAndNoSecretAnywhere() {
    h.automaticFlow();
    AccessRequest r = service.createRequest(alice, h.ask("orders", Duration.ofHours(1)));
    IssuedCredential credential = service.issueCredential(alice, r.grantId());
    IssuedToken token = service.createToken(alice, "alice", "laptop", Duration.ofDays(1));
    String verifier = h.store.credential(r.grantId()).orElseThrow().verifier();
    List<AdminEvent> events = h.events();
    assertThat(events).extracting(AdminEvent::action).containsSubsequence("integration.create",
        "principal.put", "access_flow.create", "access_request.create", "access_request.approve",
        "grant.create", "grant_credential.issue", "api_token.create");
    assertThat(events).extracting(AdminEvent::id).doesNotHaveDuplicates();
    for (AdminEvent e : events) {
      String text = e.toString();
      assertThat(text).doesNotContain(credential.password(), token.secret(), verifier, "connector-pw-123",
          token.token().hash());
    }
  }
}
