package dev.jitgate.proxy.grants;

import static dev.jitgate.proxy.grants.GrantWorld.APPROVER;
import static dev.jitgate.proxy.grants.GrantWorld.engineer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jitgate.access.model.Grant;
import dev.jitgate.access.model.GrantState;
import dev.jitgate.access.service.IssuedCredential;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Store outages: the directory keeps serving its last snapshot, reports the failure, and recovers. */
class GrantDirectoryResilienceTest {
  private static final GrantDirectoryConfig QUICK_RETRIES =
      GrantDirectoryConfig.defaults().withBackoff(Duration.ofMillis(20), Duration.ofMillis(200));

  private final GrantWorld world = new GrantWorld(Clock.systemUTC());
  private final FailingStore flaky = new FailingStore(world.store);
  private final List<GrantEnded> heard = new CopyOnWriteArrayList<>();
  private GrantDirectory directory;

  @AfterEach
  void close() {
    if (directory != null) {
      directory.close();
    }
    world.close();
  }

  private void start() {
    directory = world.directory(flaky, QUICK_RETRIES);
    directory.onGrantEnded(heard::add);
  }

  @Test
  void anOutageKeepsTheLastSnapshotAndTheFollowerCatchesUpAfterwards() throws InterruptedException {
    IssuedCredential issued = world.grantWithCredential(engineer("alice"), "prod", "orders", Duration.ofHours(1));
    start();
    assertThat(directory.awaitLoaded(Duration.ofSeconds(5))).isTrue();
    GrantSnapshot before = directory.snapshot();

    flaky.failAll(true);
    world.service.revoke(APPROVER, issued.grant().id(), "");
    await().atMost(Duration.ofSeconds(2)).until(() -> directory.status().consecutiveFailures() >= 3);

    assertThat(directory.snapshot()).isSameAs(before);
    assertThat(directory.activeGrants("alice")).extracting(Grant::id).containsExactly(issued.grant().id());
    assertThat(heard).isEmpty();
    SyncStatus failing = directory.status();
    assertThat(failing.lastError()).isEqualTo("StoreException: access store: connection refused (simulated)");
    assertThat(failing.loaded()).isTrue();
    await().atMost(Duration.ofSeconds(2)).until(() -> directory.lag().compareTo(Duration.ofMillis(300)) > 0);

    flaky.failAll(false);
    await().atMost(Duration.ofSeconds(2)).until(() -> !heard.isEmpty());
    assertThat(heard.get(0).cause()).isEqualTo(GrantEnded.Cause.REVOKED);
    await().atMost(Duration.ofSeconds(2)).until(() -> directory.status().consecutiveFailures() == 0);
    assertThat(directory.status().lastSuccess()).isAfter(Instant.now().minusSeconds(2));
    assertThat(directory.lag()).isLessThan(Duration.ofMillis(1500));
  }

  @Test
  void aBatchThatFailsHalfwayLeavesNoPartialSnapshot() throws InterruptedException {
    start();
    assertThat(directory.awaitLoaded(Duration.ofSeconds(5))).isTrue();
    long loadedAt = directory.version();

    flaky.failFinds(true);
    IssuedCredential issued = world.grantWithCredential(engineer("alice"), "prod", "orders", Duration.ofHours(1));
    await().atMost(Duration.ofSeconds(2)).until(() -> flaky.failures.get() >= 2);
    assertThat(directory.version()).isEqualTo(loadedAt);
    assertThat(directory.snapshot().grantCount()).isZero();

    flaky.failFinds(false);
    assertThat(directory.awaitVersion(world.store.currentVersion(), Duration.ofSeconds(2))).isTrue();
    assertThat(directory.credentialFor("alice", "prod", "orders")).hasValueSatisfying(
        c -> assertThat(c.grantId()).isEqualTo(issued.grant().id()));
  }

  @Test
  void aStoreThatIsDownAtStartIsLoadedOnceItAnswers() throws InterruptedException {
    world.grantWithCredential(engineer("alice"), "prod", "orders", Duration.ofHours(1));
    flaky.failAll(true);
    start();

    assertThat(directory.awaitLoaded(Duration.ofMillis(300))).isFalse();
    assertThat(directory.status().loaded()).isFalse();
    assertThat(directory.status().consecutiveFailures()).isPositive();
    assertThat(GrantAdmission.verifierFor(directory.snapshot(), "alice", "prod/orders")).as("nothing known yet")
        .isEmpty();

    flaky.failAll(false);
    assertThat(directory.awaitLoaded(Duration.ofSeconds(2))).isTrue();
    assertThat(GrantAdmission.verifierFor(directory.snapshot(), "alice", "prod/orders")).isPresent();
  }

  @Test
  void aClosedStoreDoesNotKillTheFollowerAndCloseStillReturnsPromptly() throws InterruptedException {
    IssuedCredential issued = world.grantWithCredential(engineer("alice"), "prod", "orders", Duration.ofHours(1));
    directory = world.directory(world.store, QUICK_RETRIES);
    assertThat(directory.awaitLoaded(Duration.ofSeconds(5))).isTrue();

    world.store.close();

    await().atMost(Duration.ofSeconds(3)).until(() -> directory.status().consecutiveFailures() >= 2);
    assertThat(directory.credentialFor("alice", "prod", "orders")).isPresent();
    assertThat(directory.snapshot().grant(issued.grant().id()).orElseThrow().state()).isEqualTo(GrantState.ACTIVE);
    long start = System.nanoTime();
    directory.close();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
    directory = null;
  }

  @Test
  void aFailingListenerDoesNotStopTheOthers() throws InterruptedException {
    Grant first = world.grant(engineer("alice"), "prod", "orders", Duration.ofHours(1));
    Grant second = world.grant(engineer("bob"), "prod", "orders", Duration.ofHours(1));
    start();
    directory.onGrantEnded(e -> {
      throw new IllegalStateException("listener bug");
    });
    List<GrantEnded> last = new CopyOnWriteArrayList<>();
    GrantDirectory.Subscription sub = directory.onGrantEnded(last::add);
    assertThat(directory.awaitLoaded(Duration.ofSeconds(5))).isTrue();

    world.service.revoke(APPROVER, first.id(), "");
    await().atMost(Duration.ofSeconds(2)).until(() -> last.size() == 1 && heard.size() == 1);
    sub.close();
    world.service.revoke(APPROVER, second.id(), "");
    await().atMost(Duration.ofSeconds(2)).until(() -> heard.size() == 2);
    assertThat(last).as("unsubscribed").hasSize(1);
  }
}
