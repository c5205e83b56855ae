package dev.jitgate.access.service;

import dev.jitgate.access.model.EndReason;
import dev.jitgate.access.model.GrantState;
import dev.jitgate.access.model.Grant;
import dev.jitgate.access.model.AccessRequest;
import static dev.jitgate.access.service.RequestLifecycleServiceTest.assertRejected;
import static dev.jitgate.access.service.ServiceHarness.ROOT;
import static dev.jitgate.access.service.ServiceHarness.START;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jitgate.access.model.AdminEvent;
import dev.jitgate.access.model.Role;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class IdentityServiceTest {
  private final ServiceHarness h = new ServiceHarness();

  @AfterEach
  void close() {
    h.close();
  }

  @Test
  void aTokenAuthenticatesAsItsPrincipalWithGroupRoles() {
    h.seeded();
    IssuedToken token = h.service.createToken(ROOT, "bob", "ci", Duration.ofDays(7));
    assertThat(token.secret()).startsWith("jgt_").hasSize(47);
    assertThat(token.token().hash()).isEqualTo(TokenSecrets.hash(token.secret())).doesNotContain(token.secret());
    assertThat(token.token().expiresAt()).isEqualTo(START.plus(Duration.ofDays(7)));
    assertThat(token.toString()).doesNotContain(token.secret());
    Actor bob = h.service.authenticateToken(token.secret()).orElseThrow();
    assertThat(bob.principal()).isEqualTo("bob");
    assertThat(bob.groups()).containsExactly("dba");
    assertThat(bob.roles()).containsExactly(Role.APPROVER);
  }

  @Test
  void expiredRevokedUnknownAndMalformedTokensDoNotAuthenticate() {
    h.seeded();
    Actor alice = h.actor("alice");
    IssuedToken shortLived = h.service.createToken(alice, "alice", "short", Duration.ofMinutes(1));
    IssuedToken revoked = h.service.createToken(alice, "alice", "gone", Duration.ofDays(1));
    h.service.revokeToken(alice, revoked.token().id());
    assertThat(h.service.authenticateToken(revoked.secret())).isEmpty();
    assertRejected(() -> h.service.revokeToken(alice, revoked.token().id()), RejectionCode.CONFLICT,
        "already revoked");
    assertThat(h.service.authenticateToken(shortLived.secret())).isPresent();
    h.clock.advance(Duration.ofMinutes(1));
    assertThat(h.service.authenticateToken(shortLived.secret())).isEmpty();
    assertThat(h.service.authenticateToken("jgt_unknown-token-text-0123456789")).isEmpty();
    assertThat(h.service.authenticateToken("not-a-token")).isEmpty();
    assertThat(h.service.authenticateToken(null)).isEmpty();
    assertThat(h.actions()).contains("api_token.create", "api_token.revoke");
  }

  @Test
  void aTokenStopsWorkingWhenItsPrincipalIsDeleted() {
    h.seeded();
    IssuedToken token = h.service.createToken(ROOT, "dave", "", Duration.ofDays(1));
    h.service.deletePrincipal(ROOT, "dave");
    assertThat(h.service.authenticateToken(token.secret())).isEmpty();
  }

  @Test
  void deletingAUserRevokesItsActiveGrantsInTheSameCommit() {
    h.seeded();
    h.automaticFlow();
    AccessRequest approved = h.service.createRequest(h.actor("alice"), h.ask("orders", Duration.ofHours(2)));
    long before = h.store.currentVersion();
    h.service.deletePrincipal(ROOT, "alice");
    Grant grant = h.store.grant(approved.grantId()).orElseThrow();
    assertThat(grant.state()).isEqualTo(GrantState.REVOKED);
    assertThat(grant.endReason()).isEqualTo(EndReason.REVOKED);
    assertThat(grant.endedBy()).isEqualTo(ROOT.principal());
    assertThat(h.store.currentVersion()).as("one commit").isEqualTo(before + 1);
    assertThat(h.actions()).endsWith("principal.delete", "grant.revoke");
  }

  @Test
  void tokensForOthersOnlyByAdminsAndWithinTheTtlLimits() {
    h.seeded();
    Actor alice = h.actor("alice");
    assertRejected(() -> h.service.createToken(alice, "bob", "x", Duration.ofDays(1)), RejectionCode.FORBIDDEN,
        "manage other principals' API tokens");
    for (Duration bad : new Duration[] {Duration.ofSeconds(59), Duration.ofDays(366), null}) {
      assertThatThrownBy(() -> h.service.createToken(alice, "alice", "x", bad))
          .isInstanceOfSatisfying(AccessException.class, e -> {
            assertThat(e.code()).isEqualTo(RejectionCode.INVALID);
            assertThat(e.field()).isEqualTo("ttl");
          });
    }
    assertRejected(() -> h.service.createToken(ROOT, "nobody", "x", Duration.ofDays(1)), RejectionCode.INVALID,
        "no user named nobody");
    IssuedToken bobs = h.service.createToken(ROOT, "bob", "x", Duration.ofDays(1));
    assertRejected(() -> h.service.revokeToken(alice, bobs.token().id()), RejectionCode.NOT_FOUND,
        bobs.token().id());
  }

  @Test
  void actorForMergesStoredGroupsWithClaimGroups() {
    h.seeded();
    Actor alice = h.service.actorFor("alice", Set.of("dba"));
    assertThat(alice.groups()).containsExactlyInAnyOrder("eng", "dba");
    assertThat(alice.roles()).containsExactlyInAnyOrder(Role.REQUESTER, Role.APPROVER);
    Actor stranger = h.service.actorFor("zoe@example.com", Set.of("dba", "unknown-group"));
    assertThat(stranger.roles()).containsExactly(Role.APPROVER);
    assertThat(h.store.principal("zoe@example.com")).as("no auto-creation").isEmpty();
    assertThat(h.service.actorFor("zoe@example.com", Set.of()).roles()).isEmpty();
    assertThatThrownBy(() -> h.service.actorFor("bad\u0000name", Set.of()))
        .isInstanceOfSatisfying(AccessException.class, e -> assertThat(e.field()).isEqualTo("principal"));
  }

  @Test
  void bootstrapAdminHappensOnceOnly() {
    Optional<IssuedToken> first = h.service.bootstrapAdmin("admin", Optional.empty());
    assertThat(first).isPresent();
    assertThat(first.get().token().expiresAt()).isEqualTo(START.plus(Duration.ofDays(365)));
    Actor admin = h.service.authenticateToken(first.get().secret()).orElseThrow();
    assertThat(admin.roles()).containsExactly(Role.ADMIN);
    assertThat(h.service.bootstrapAdmin("admin", Optional.empty())).isEmpty();
    assertThat(h.service.bootstrapAdmin("other", Optional.of("jgt_preset-secret-0123456789"))).isEmpty();
    assertThat(h.store.principal("other")).isEmpty();
    for (AdminEvent e : h.events()) {
      assertThat(e.toString()).doesNotContain(first.get().secret());
      assertThat(e.actor()).isEqualTo("system");
    }
  }

  @Test
  void bootstrapAdminTakesAPresetToken() {
    String preset = "jgt_preset-secret-0123456789";
    IssuedToken token = h.service.bootstrapAdmin("admin", Optional.of(preset)).orElseThrow();
    assertThat(token.secret()).isEqualTo(preset);
    assertThat(h.service.authenticateToken(preset).orElseThrow().principal()).isEqualTo("admin");
  }

  @Test
  void bootstrapAdminRefusesWeakPresets() {
    for (String bad : new String[] {"jgt_short", "abc_0123456789012345678901234", "jgt_ with spaces 0123456789"}) {
      assertThatThrownBy(() -> h.service.bootstrapAdmin("admin", Optional.of(bad)))
          .isInstanceOfSatisfying(AccessException.class, e -> {
            assertThat(e.code()).isEqualTo(RejectionCode.INVALID);
            assertThat(e.field()).isEqualTo("bootstrapToken");
            assertThat(e.getMessage()).doesNotContain(bad);
          });
    }
    assertThat(h.store.principals()).isEmpty();
  }
}
