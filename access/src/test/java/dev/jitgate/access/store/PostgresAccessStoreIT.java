package dev.jitgate.access.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.jitgate.access.model.Principal;
import dev.jitgate.access.store.postgres.PostgresAccessStore;
import dev.jitgate.access.store.postgres.PostgresStoreSettings;
import dev.jitgate.access.testing.AccessFixtures;
import dev.jitgate.access.testing.EmbeddedPostgresDatabase;
import dev.jitgate.access.testing.PostgresDatabaseExtension;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The contract on a real PostgreSQL (one fresh database for the class, one fresh schema per test),
 * plus what several replicas on one database need.
 */
@ExtendWith(PostgresDatabaseExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresAccessStoreIT extends AccessStoreContract {
  private EmbeddedPostgresDatabase postgres;
  private String database;
  private PostgresStoreSettings settings;
  /** An ordinary role with a SCRAM password, allowed to create schemas in the test database. */
  private final String stateUser = "jitgate_state";
  private final String statePassword = UUID.randomUUID().toString();

  @BeforeAll
  void createDatabase(EmbeddedPostgresDatabase server) {
    postgres = server;
    database = server.createDatabase();
    server.execute("postgres", "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '"
        + stateUser + "') THEN CREATE ROLE " + stateUser + " LOGIN; END IF; END $$");
    server.execute("postgres", "SET log_statement = 'none'; ALTER ROLE " + stateUser + " PASSWORD '"
        + statePassword + "'");
    server.execute("postgres", "GRANT CREATE ON DATABASE " + database + " TO " + stateUser);
  }

  @Override
  protected void useFreshStorage() {
    String schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    settings = new PostgresStoreSettings(postgres.jdbcUrl(database), stateUser, statePassword, schema, 4);
  }

  @Override
  protected AccessStore openStore() {
    return PostgresAccessStore.open(settings);
  }

  @Test
  void aReplicaIsWokenWithinOneSecondOfAnotherReplicasCommit() throws Exception {
    AccessStore replica = open();
    for (int round = 0; round < 3; round++) {
      AccessStore writer = round % 2 == 0 ? store : replica;
      AccessStore reader = round % 2 == 0 ? replica : store;
      long version = reader.currentVersion();
      CompletableFuture<Long> woken = waitInThread(reader, version);
      long committed = writer.commit(put(AccessFixtures.user("u" + round))).version();
      await().atMost(Duration.ofSeconds(1)).until(woken::isDone);
      assertThat(woken.get()).isEqualTo(committed);
      assertThat(reader.principal("u" + round)).isPresent();
    }
  }

  @Test
  void theListenerReconnectsAfterItsConnectionIsKilled() throws Exception {
    AccessStore replica = open();
    int first = listenerPids().getFirst();
    assertThat(listenerPids()).hasSize(2);
    terminate(first);
    await().atMost(Duration.ofSeconds(20)).until(() -> {
      List<Integer> pids = listenerPids();
      return pids.size() == 2 && !pids.contains(first);
    });
    // Both listeners are back: each replica is woken by the other's commit, faster than it would poll.
    for (AccessStore reader : List.of(store, replica)) {
      AccessStore writer = reader == store ? replica : store;
      CompletableFuture<Long> woken = waitInThread(reader, reader.currentVersion());
      long committed = writer.commit(put(AccessFixtures.user("after-" + UUID.randomUUID()))).version();
      await().atMost(Duration.ofSeconds(1)).until(woken::isDone);
      assertThat(woken.get()).isEqualTo(committed);
    }
  }

  @Test
  void replicasStartingTogetherMigrateOnceAndWorkTogether() throws Exception {
    useFreshStorage();
    int replicas = 3;
    ExecutorService pool = Executors.newFixedThreadPool(replicas);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<AccessStore>> opening = new ArrayList<>();
      for (int i = 0; i < replicas; i++) {
        opening.add(pool.submit(() -> {
          start.await();
          return open();
        }));
      }
      start.countDown();
      List<AccessStore> stores = new ArrayList<>();
      for (Future<AccessStore> f : opening) {
        stores.add(f.get(60, TimeUnit.SECONDS));
      }
      List<Long> versions = new ArrayList<>();
      for (int i = 0; i < stores.size(); i++) {
        versions.add(stores.get(i).commit(put(AccessFixtures.user("r" + i))).version());
      }
      assertThat(versions).containsExactly(1L, 2L, 3L);
      assertThat(stores.getFirst().principals()).extracting(Principal::name).containsExactly("r0", "r1", "r2");
      assertThat(queryInt("SELECT count(*) FROM " + settings.schema() + ".flyway_schema_history WHERE success AND version = '1'"))
          .isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void anUnreachableServerFailsOpenWithoutThePassword() {
    PostgresStoreSettings unreachable = new PostgresStoreSettings("jdbc:postgresql://127.0.0.1:1/none", "jitgate",
        "hunter2-secret", "jitgate", 2);
    assertThatThrownBy(() -> PostgresAccessStore.open(unreachable))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("cannot connect")
        .hasMessageNotContaining("hunter2-secret");
    assertThat(unreachable.toString()).doesNotContain("hunter2-secret").contains("***");
  }

  @Test
  void settingsAreValidated() {
    assertThatThrownBy(() -> new PostgresStoreSettings("jdbc:mysql://x/y", "u", "", "s", 2))
        .hasMessageContaining("jdbcUrl");
    assertThatThrownBy(() -> new PostgresStoreSettings("jdbc:postgresql://x/y", "u", "", "Bad-Schema", 2))
        .hasMessageContaining("schema");
    assertThatThrownBy(() -> new PostgresStoreSettings("jdbc:postgresql://x/y", "u", "", "s", 0))
        .hasMessageContaining("poolSize");
    assertThat(PostgresStoreSettings.of("jdbc:postgresql://x/y", "u", "p").schema())
        .isEqualTo(PostgresStoreSettings.DEFAULT_SCHEMA);
  }

  private static CompletableFuture<Long> waitInThread(AccessStore s, long version) {
    CompletableFuture<Long> woken = new CompletableFuture<>();
    Thread waiter = Thread.ofPlatform().name("await-change").start(() -> {
      try {
        woken.complete(s.awaitChange(version, Duration.ofSeconds(30)));
      } catch (Throwable e) {
        woken.completeExceptionally(e);
      }
    });
    await().atMost(Duration.ofSeconds(5))
        .until(() -> woken.isDone() || waiter.getState() == Thread.State.TIMED_WAITING);
    return woken;
  }

  private List<Integer> listenerPids() throws SQLException {
    try (Connection c = postgres.superuserConnection(database);
        PreparedStatement s = c.prepareStatement(
            "SELECT pid FROM pg_stat_activity WHERE datname = ? AND application_name = 'jitgate-access-listener'"
                + " ORDER BY pid")) {
      s.setString(1, database);
      List<Integer> pids = new ArrayList<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          pids.add(rs.getInt(1));
        }
      }
      return pids;
    }
  }

  private void terminate(int pid) throws SQLException {
    try (Connection c = postgres.superuserConnection(database);
        PreparedStatement s = c.prepareStatement("SELECT pg_terminate_backend(?)")) {
      s.setInt(1, pid);
      s.executeQuery().close();
    }
  }

  private int queryInt(String sql) throws SQLException {
    try (Connection c = postgres.superuserConnection(database);
        PreparedStatement s = c.prepareStatement(sql);
        ResultSet rs = s.executeQuery()) {
      assertThat(rs.next()).isTrue();
      return rs.getInt(1);
    }
  }
}
