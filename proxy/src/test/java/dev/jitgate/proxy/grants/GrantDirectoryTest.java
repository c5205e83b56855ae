package dev.jitgate.proxy.grants;

import static dev.jitgate.proxy.grants.GrantWorld.APPROVER;
import static dev.jitgate.proxy.grants.GrantWorld.ROOT;
import static dev.jitgate.proxy.grants.GrantWorld.engineer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jitgate.access.model.Grant;
import dev.jitgate.access.model.GrantState;
import dev.jitgate.access.model.Principal;
import dev.jitgate.access.model.PrincipalKind;
import dev.jitgate.access.model.PrincipalSource;
import dev.jitgate.access.model.Role;
import dev.jitgate.access.service.Actor;
import dev.jitgate.access.service.IssuedCredential;
import dev.jitgate.access.store.AccessStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The directory over a real SQLite store, changed through the real access service, on the real clock. */
class GrantDirectoryTest {
  private static final Duration LOAD = Duration.ofSeconds(5);

  private final GrantWorld world = new GrantWorld(Clock.systemUTC());
  private final Actor alice = engineer("alice");
  private final List<Heard> heard = new CopyOnWriteArrayList<>();
  private GrantDirectory directory;

  private record Heard(GrantEnded event, Instant at) {}

  @AfterEach
  void close() {
    if (directory != null) {
      directory.close();
    }
    world.close();
  }

  private GrantDirectory started() throws InterruptedException {
    return listening(world.directory());
  }

  private GrantDirectory listening(GrantDirectory d) throws InterruptedException {
    directory = d;
    directory.onGrantEnded(e -> heard.add(new Heard(e, Instant.now())));
    assertThat(directory.awaitLoaded(LOAD)).isTrue();
    return directory;
  }

  /** Waits until the directory has seen everything committed so far. */
  private void caughtUp() throws InterruptedException {
    assertThat(directory.awaitVersion(world.store.currentVersion(), Duration.ofSeconds(2))).isTrue();
  }

  private List<GrantEnded> endsOf(String grantId) {
    return heard.stream().map(Heard::event).filter(e -> e.grant().id().equals(grantId)).toList();
  }

  @Test
  void theInitialLoadHoldsActiveGrantsTheirCredentialsAndVerifiers() throws InterruptedException {
    IssuedCredential orders = world.grantWithCredential(alice, "prod", "orders", Duration.ofHours(1));
    Grant billing = world.grant(alice, "prod", "billing", Duration.ofHours(1));
    IssuedCredential bobs = world.grantWithCredential(engineer("bob"), "staging", "orders", Duration.ofHours(1));
    world.service.revoke(APPROVER, bobs.grant().id(), "done");

    started();

    GrantSnapshot s = directory.snapshot();
    assertThat(s.version()).isEqualTo(world.store.currentVersion());
    assertThat(directory.activeGrants("alice")).extracting(Grant::id)
        .containsExactlyInAnyOrder(orders.grant().id(), billing.id());
    assertThat(directory.credentialFor("alice", "prod", "orders")).hasValueSatisfying(
        c -> assertThat(c.grantId()).isEqualTo(orders.grant().id()));
    assertThat(s.verifier(orders.grant().id())).hasValueSatisfying(
        v -> assertThat(v.matchesPassword(orders.password())).isTrue());
    assertThat(directory.credentialFor("alice", "prod", "billing")).isEmpty();
    assertThat(s.grant(bobs.grant().id())).as("revoked just now: kept with its credential")
        .hasValueSatisfying(g -> assertThat(g.state()).isEqualTo(GrantState.REVOKED));
    assertThat(s.verifier(bobs.grant().id())).isPresent();
    assertThat(directory.status().loaded()).isTrue();
    assertThat(directory.status().consecutiveFailures()).isZero();
    assertThat(heard).as("nothing ended while the directory was running").isEmpty();
  }

  @Test
  void aRevokeThroughTheServiceEndsTheGrantWithinTwoSeconds() throws InterruptedException {
    IssuedCredential issued = world.grantWithCredential(alice, "prod", "orders", Duration.ofHours(1));
    started();

    Instant revokedAt = Instant.now();
    world.service.revoke(APPROVER, issued.grant().id(), "incident closed");

    await().atMost(Duration.ofSeconds(2)).until(() -> !endsOf(issued.grant().id()).isEmpty());
    Heard h = heard.get(0);
    assertThat(h.event().cause()).isEqualTo(GrantEnded.Cause.REVOKED);
    assertThat(h.event().grant().state()).isEqualTo(GrantState.REVOKED);
    assertThat(h.event().message()).startsWith("access grant " + issued.grant().id() + " for prod/orders was revoked at ")
        .endsWith(" by \"olga\"");
    assertThat(Duration.between(revokedAt, h.at())).isLessThan(Duration.ofSeconds(2));
    assertThat(directory.activeGrants("alice")).isEmpty();

    AuthenticationTarget auth = GrantAdmission.verifierFor(directory.snapshot(), "alice", "prod/orders").orElseThrow();
    assertThat(auth.verifier().matchesPassword(issued.password())).as("the kept credential still authenticates")
        .isTrue();
    AdmissionDecision d = GrantAdmission.admit(directory.snapshot(), "alice", "prod/orders", auth.grantId(), Instant.now());
    assertThat(d).isInstanceOfSatisfying(AdmissionDecision.Rejected.class,
        r -> assertThat(r.text()).contains("was revoked at").contains("request again with: jitgate request prod/orders"));
  }

  @Test
  void aNaturalEndIsReportedWithinOneSecondOfTheEndTimeWithoutTheSweep() throws InterruptedException {
    IssuedCredential issued = world.grantWithCredential(alice, "prod", "orders", Duration.ofSeconds(2));
    Instant endsAt = issued.grant().endsAt();
    started();

    await().atMost(Duration.ofSeconds(4)).until(() -> !endsOf(issued.grant().id()).isEmpty());

    Heard h = heard.get(0);
    assertThat(h.event().cause()).isEqualTo(GrantEnded.Cause.EXPIRED);
    assertThat(h.event().endedAt()).isEqualTo(endsAt);
    assertThat(h.at()).isAfterOrEqualTo(endsAt).isBefore(endsAt.plusSeconds(1));
    assertThat(world.store.grant(issued.grant().id()).orElseThrow().state()).as("no sweep ran")
        .isEqualTo(GrantState.ACTIVE);
    AdmissionDecision d = GrantAdmission.admit(directory.snapshot(), "alice", "prod/orders", issued.grant().id(),
        Instant.now());
    assertThat(d).isInstanceOfSatisfying(AdmissionDecision.Rejected.class,
        r -> assertThat(r.message()).contains(" ended at "));

    world.service.sweep();
    caughtUp();
    assertThat(directory.snapshot().grant(issued.grant().id()).orElseThrow().state()).isEqualTo(GrantState.ENDED);
    assertThat(endsOf(issued.grant().id())).as("reported once").hasSize(1);
  }

  @Test
  void anExtensionMovesTheEndTimer() throws InterruptedException {
    Grant grant = world.grant(alice, "prod", "orders", Duration.ofSeconds(2));
    started();

    world.service.extend(alice, grant.id(), Duration.ofSeconds(1), "");
    Instant newEnd = world.store.grant(grant.id()).orElseThrow().endsAt();
    caughtUp();
    assertThat(directory.snapshot().grant(grant.id()).orElseThrow().endsAt()).isEqualTo(newEnd);

    await().atMost(Duration.ofSeconds(4)).until(() -> !endsOf(grant.id()).isEmpty());
    assertThat(newEnd).isEqualTo(grant.endsAt().plusSeconds(1));
    assertThat(heard.get(0).at()).as("not at the old end").isAfterOrEqualTo(newEnd).isBefore(newEnd.plusSeconds(1));
    assertThat(heard.get(0).event().endedAt()).isEqualTo(newEnd);
  }

  @Test
  void aNewGrantOnTheSameDatabaseSupersedesTheOldOne() throws InterruptedException {
    Grant first = world.grant(alice, "prod", "orders", Duration.ofHours(1));
    Grant other = world.grant(alice, "prod", "billing", Duration.ofHours(1));
    started();

    Grant second = world.grant(alice, "prod", "orders", Duration.ofHours(2));

    await().atMost(Duration.ofSeconds(2)).until(() -> !endsOf(first.id()).isEmpty());
    GrantEnded e = endsOf(first.id()).get(0);
    assertThat(e.cause()).isEqualTo(GrantEnded.Cause.SUPERSEDED);
    assertThat(e.message()).contains("was superseded by access grant " + second.id());
    caughtUp();
    assertThat(directory.activeGrants("alice")).extracting(Grant::id).containsExactlyInAnyOrder(second.id(), other.id());
    assertThat(heard).hasSize(1);
  }

  @Test
  void aReissuedCredentialReplacesTheVerifier() throws InterruptedException {
    IssuedCredential first = world.grantWithCredential(alice, "prod", "orders", Duration.ofHours(1));
    started();
    assertThat(directory.snapshot().verifier(first.grant().id()).orElseThrow().matchesPassword(first.password()))
        .isTrue();

    IssuedCredential second = world.service.issueCredential(alice, first.grant().id());
    caughtUp();

    var verifier = directory.snapshot().verifier(first.grant().id()).orElseThrow();
    assertThat(verifier.matchesPassword(second.password())).isTrue();
    assertThat(verifier.matchesPassword(first.password())).isFalse();
    assertThat(directory.credentialFor("alice", "prod", "orders").orElseThrow().issuedAt())
        .isEqualTo(second.issuedAt());
  }

  @Test
  void newGrantsCredentialsAndPrincipalsArriveThroughTheFeedInSmallBatches() throws InterruptedException {
    listening(world.directory(world.store, GrantDirectoryConfig.defaults().withBatchSize(2)));
    Actor dave = engineer("dave");

    IssuedCredential a = world.grantWithCredential(alice, "prod", "orders", Duration.ofHours(1));
    IssuedCredential b = world.grantWithCredential(dave, "staging", "billing", Duration.ofHours(1));
    world.service.putPrincipal(ROOT, new Principal("dave", PrincipalKind.USER, "Dave", "", List.of("eng"),
        Set.of(Role.REQUESTER), PrincipalSource.LOCAL, 0));
    caughtUp();

    assertThat(directory.credentialFor("alice", "prod", "orders")).isPresent();
    assertThat(directory.credentialFor("dave", "staging", "billing")).hasValueSatisfying(
        c -> assertThat(directory.snapshot().verifier(c.grantId()).orElseThrow().matchesPassword(b.password())).isTrue());
    assertThat(directory.snapshot().principal("dave")).hasValueSatisfying(p -> assertThat(p.displayName()).isEqualTo("Dave"));
    assertThat(a.grant().id()).isNotEqualTo(b.grant().id());

    world.service.deletePrincipal(ROOT, "dave");
    caughtUp();
    assertThat(directory.snapshot().principal("dave")).isEmpty();
  }

  @Test
  void commitsWithoutEntityChangesStillMoveTheVersion() throws InterruptedException {
    started();
    long before = directory.version();

    world.service.testIntegration(ROOT, "prod");

    assertThat(world.store.currentVersion()).isGreaterThan(before);
    caughtUp();
    assertThat(directory.status().versionsBehind()).isZero();
  }
}
