package dev.jitgate.access.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.jitgate.access.model.EntityKind;
import dev.jitgate.access.store.sqlite.SqliteAccessStore;
import dev.jitgate.access.store.sqlite.SqliteStoreSettings;
import dev.jitgate.access.testing.AccessFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** The contract on SQLite files under {@code target/}, plus what only SQLite has. */
class SqliteAccessStoreTest extends AccessStoreContract {
  private static final Path ROOT = Path.of("target", "sqlite-access-store").toAbsolutePath();
  private Path file;

  @Override
  protected void useFreshStorage() {
    file = ROOT.resolve(UUID.randomUUID().toString()).resolve("access.db");
  }

  @Override
  protected AccessStore openStore() {
    return SqliteAccessStore.open(file);
  }

  @Test
  void theFileIsInWalModeAndHasTheMigrationHistory() throws Exception {
    store.commit(put(AccessFixtures.user("alice")));
    assertThat(Files.exists(file)).isTrue();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = c.createStatement()) {
      try (ResultSet rs = s.executeQuery("PRAGMA journal_mode")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isEqualToIgnoringCase("wal");
      }
      try (ResultSet rs = s.executeQuery("SELECT count(*) FROM flyway_schema_history WHERE success = 1")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getInt(1)).isEqualTo(1);
      }
    }
  }

  @Test
  void severalInstancesOnOneFileCommitConcurrentlyWithoutGapsOrDuplicates() throws Exception {
    List<AccessStore> instances = List.of(store, open(), open());
    int threadsPerInstance = 2;
    int commitsPerThread = 20;
    Set<Long> versions = ConcurrentHashMap.newKeySet();
    ExecutorService pool = Executors.newFixedThreadPool(instances.size() * threadsPerInstance);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<?>> writers = new ArrayList<>();
      for (int i = 0; i < instances.size(); i++) {
        for (int t = 0; t < threadsPerInstance; t++) {
          AccessStore s = instances.get(i);
          String prefix = "u" + i + "-" + t + "-";
          writers.add(pool.submit(() -> {
            start.await();
            for (int n = 0; n < commitsPerThread; n++) {
              assertThat(versions.add(s.commit(put(AccessFixtures.user(prefix + n))).version())).isTrue();
            }
            return null;
          }));
        }
      }
      start.countDown();
      for (Future<?> w : writers) {
        w.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    long total = (long) instances.size() * threadsPerInstance * commitsPerThread;
    assertThat(new TreeSet<>(versions)).containsExactlyElementsOf(LongStream.rangeClosed(1, total).boxed().toList());
    for (AccessStore s : instances) {
      assertThat(s.currentVersion()).isEqualTo(total);
      assertThat(s.list(EntityKind.PRINCIPAL)).hasSize((int) total);
    }
  }

  @Test
  void aLocalCommitWakesWaitersWithoutWaitingForThePoll() throws Exception {
    try (SqliteAccessStore slowPoller = SqliteAccessStore.open(
        new SqliteStoreSettings(file, 2, Duration.ofSeconds(1), Duration.ofMinutes(1)))) {
      long version = slowPoller.currentVersion();
      CompletableFuture<Long> woken = new CompletableFuture<>();
      Thread waiter = Thread.ofPlatform().start(() -> {
        try {
          woken.complete(slowPoller.awaitChange(version, Duration.ofMinutes(1)));
        } catch (Throwable e) {
          woken.completeExceptionally(e);
        }
      });
      await().atMost(Duration.ofSeconds(5)).until(() -> waiter.getState() == Thread.State.TIMED_WAITING);
      long committed = slowPoller.commit(put(AccessFixtures.user("alice"))).version();
      assertThat(woken.get(10, TimeUnit.SECONDS)).isEqualTo(committed);
    }
  }

  @Test
  void closingWakesWaitersWithAnError() throws Exception {
    AccessStore closing = open();
    CompletableFuture<Long> woken = new CompletableFuture<>();
    Thread waiter = Thread.ofPlatform().start(() -> {
      try {
        woken.complete(closing.awaitChange(closing.currentVersion(), Duration.ofMinutes(1)));
      } catch (Throwable e) {
        woken.completeExceptionally(e);
      }
    });
    await().atMost(Duration.ofSeconds(5)).until(() -> waiter.getState() == Thread.State.TIMED_WAITING);
    closing.close();
    assertThatThrownBy(() -> woken.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(StoreException.class);
  }

  @Test
  void openCreatesMissingParentDirectoriesAndAcceptsSettings() {
    Path nested = file.resolveSibling("a").resolve("b").resolve("store.db");
    try (SqliteAccessStore s = SqliteAccessStore.open(
        new SqliteStoreSettings(nested, 1, Duration.ofSeconds(1), Duration.ofMillis(50)))) {
      s.commit(put(AccessFixtures.user("alice")));
      assertThat(s.principal("alice")).isPresent();
    }
    assertThat(Files.exists(nested)).isTrue();
  }

  @Test
  void anUnusablePathFailsWithTheFileNamed() throws Exception {
    Path blocker = file.resolveSibling("not-a-directory");
    Files.createDirectories(blocker.getParent());
    Files.writeString(blocker, "x");
    Path impossible = blocker.resolve("access.db");
    assertThatThrownBy(() -> SqliteAccessStore.open(impossible))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining(impossible.toString());
  }

  @Test
  void aCorruptBodyIsReportedByKindAndKeyWithoutItsContent() throws Exception {
    store.commit(put(AccessFixtures.credential("g-1", "alice")));
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = c.createStatement()) {
      s.executeUpdate("UPDATE grant_credentials SET body = '{\"verifier\": \"SECRET-VALUE\"' WHERE entity_key = 'g-1'");
    }
    assertThatThrownBy(() -> store.credential("g-1"))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("grant_credential g-1")
        .hasMessageNotContaining("SECRET-VALUE");
  }

  @Test
  void settingsAreValidated() {
    Duration second = Duration.ofSeconds(1);
    assertThatThrownBy(() -> new SqliteStoreSettings(file, 0, second, second))
        .hasMessageContaining("readConnections");
    assertThatThrownBy(() -> new SqliteStoreSettings(file, 2, Duration.ofSeconds(-1), second))
        .hasMessageContaining("busyTimeout");
    assertThatThrownBy(() -> new SqliteStoreSettings(file, 2, second, Duration.ZERO))
        .hasMessageContaining("pollInterval");
    assertThat(SqliteStoreSettings.of(file).pollInterval()).isEqualTo(Duration.ofMillis(200));
  }
}
