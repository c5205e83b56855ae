package dev.jitgate.proxy.grants;

import dev.jitgate.access.testing.MutableClock;
import static dev.jitgate.proxy.grants.GrantWorld.APPROVER;
import static dev.jitgate.proxy.grants.GrantWorld.engineer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jitgate.access.service.DefaultAccessService;
import dev.jitgate.access.service.IssuedCredential;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Which ended grants the directory keeps: those within the credential retention period, on a moved clock. */
class GrantDirectoryRetentionTest {
  private static final Duration RETENTION = DefaultAccessService.CREDENTIAL_RETENTION;

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-20T09:00:00Z"));
  private final GrantWorld world = new GrantWorld(clock);
  private GrantDirectory directory;

  @AfterEach
  void close() {
    if (directory != null) {
      directory.close();
    }
    world.close();
  }

  @Test
  void theLoadKeepsGrantsEndedWithinTheRetentionPeriodWithTheirCredentials() throws InterruptedException {
    IssuedCredential old = world.grantWithCredential(engineer("alice"), "prod", "orders", Duration.ofHours(1));
    clock.advance(Duration.ofDays(2));
    IssuedCredential recent = world.grantWithCredential(engineer("alice"), "prod", "billing", Duration.ofHours(1));
    IssuedCredential revoked = world.grantWithCredential(engineer("bob"), "prod", "orders", Duration.ofHours(1));
    world.service.revoke(APPROVER, revoked.grant().id(), "");
    clock.advance(Duration.ofHours(2));
    world.service.sweep();
    clock.set(old.grant().endsAt().plus(RETENTION).plusSeconds(1));
    world.service.sweep();
    assertThat(world.store.credential(old.grant().id())).as("purged by the sweep").isEmpty();

    directory = world.directory();
    assertThat(directory.awaitLoaded(Duration.ofSeconds(5))).isTrue();

    GrantSnapshot s = directory.snapshot();
    assertThat(s.grant(old.grant().id())).isEmpty();
    assertThat(s.grant(recent.grant().id())).isPresent();
    assertThat(s.verifier(recent.grant().id()).orElseThrow().matchesPassword(recent.password())).isTrue();
    assertThat(s.verifier(revoked.grant().id()).orElseThrow().matchesPassword(revoked.password())).isTrue();
    assertThat(GrantAdmission.admit(s, "alice", "billing", recent.grant().id(), clock.instant()))
        .isInstanceOfSatisfying(AdmissionDecision.Rejected.class,
            r -> assertThat(r.message()).startsWith("access grant " + recent.grant().id() + " for prod/billing ended at"));
  }

  @Test
  void endedGrantsLeaveTheDirectoryOnceTheirCredentialIsPurgedAndTheRetentionIsOver() throws InterruptedException {
    IssuedCredential issued = world.grantWithCredential(engineer("alice"), "prod", "orders", Duration.ofHours(1));
    directory = world.directory();
    assertThat(directory.awaitLoaded(Duration.ofSeconds(5))).isTrue();
    world.service.revoke(APPROVER, issued.grant().id(), "");
    assertThat(directory.awaitVersion(world.store.currentVersion(), Duration.ofSeconds(2))).isTrue();
    assertThat(directory.snapshot().grant(issued.grant().id())).isPresent();

    clock.advance(RETENTION.plusMinutes(5));
    world.service.sweep();

    await().atMost(Duration.ofSeconds(3)).until(() -> directory.snapshot().grant(issued.grant().id()).isEmpty());
    assertThat(directory.snapshot().credential(issued.grant().id())).isEmpty();
    assertThat(GrantAdmission.verifierFor(directory.snapshot(), "alice", "prod/orders")).isEmpty();
  }
}
