package dev.jitgate.auditor.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.jitgate.audit.event.AuditEvent;
import dev.jitgate.audit.event.AuditEventJson;
import dev.jitgate.audit.event.ChainBuilder;
import dev.jitgate.audit.event.SessionContext;
import dev.jitgate.audit.event.Statement;
import dev.jitgate.audit.event.StatementDone;
import dev.jitgate.audit.event.UuidV7;
import dev.jitgate.auditor.session.SessionSummary;
import dev.jitgate.auditor.testing.TestDatabaseFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/** {@link SqliteAuditStore#begin}: an append in parts, its isolation from readers, and the background checkpoints. */
class SqliteAppendTest {
  private final AuditEventJson json = new AuditEventJson();
  private final UuidV7 ids = new UuidV7(Clock.systemUTC(), new SecureRandom());
  private Path file;
  private SqliteAuditStore store;

  @BeforeEach
  void open(TestInfo info) throws Exception {
    file = TestDatabaseFiles.fresh("append-tests", info);
    store = SqliteAuditStore.open(file, json);
  }

  @AfterEach
  void close() {
    store.close();
  }

  private List<AuditEvent> statements(String session, int count) {
    ChainBuilder chain = new ChainBuilder(new SessionContext(session, "proxy-1", "alice", "grant-1", "orders",
        "app", "jit_alice"), ids, Clock.systemUTC(), json);
    List<AuditEvent> events = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      events.add(chain.append(Statement.simple(i, "SELECT " + i + " FROM invoices")));
      events.add(chain.append(StatementDone.ok(i, "SELECT 1", 1L, 100)));
    }
    return events;
  }

  private List<String> lines(List<AuditEvent> events) {
    return events.stream().map(json::write).toList();
  }

  @Test
  void partsAreStoredAtOnceAndCountedTogether() {
    List<AuditEvent> events = statements("s-1", 30);
    List<AuditEvent> first = events.subList(0, 40);
    List<AuditEvent> second = new ArrayList<>(events.subList(40, 60));
    second.add(events.get(3)); // a duplicate of the first part

    IngestResult result;
    try (AuditStore.Append append = store.begin()) {
      append.add(first, lines(first));
      append.add(second, null);
      assertThat(store.count()).as("readers see committed data only").isZero();
      assertThat(store.lastEvent("s-1")).isEmpty();
      result = append.commit(List.of(SessionSummary.empty("s-1")), List.of());
    }

    assertThat(result).isEqualTo(new IngestResult(60, 1));
    assertThat(store.count()).isEqualTo(60);
    assertThat(store.sessionStatements("s-1")).hasSize(30).allSatisfy(hit -> assertThat(hit.result()).isNotNull());
    assertThat(store.searchStatements(new StatementQuery("invoices", null, null, null, null, null, 100)))
        .hasSize(30);
    assertThat(store.summary("s-1")).isPresent();
    assertThat(store.sessionEvents("s-1")).extracting(StoredEvent::line).containsExactlyElementsOf(lines(events));
  }

  @Test
  void closingWithoutCommitDiscardsEverything() {
    List<AuditEvent> events = statements("s-2", 5);
    try (AuditStore.Append append = store.begin()) {
      append.add(events, lines(events));
    }

    assertThat(store.count()).isZero();
    assertThat(store.append(events).stored()).as("the writer is free again").isEqualTo(10);
  }

  @Test
  void aSessionKeyMadeInARolledBackAppendIsNotReused() {
    List<AuditEvent> rolledBack = statements("s-gone", 2);
    try (AuditStore.Append append = store.begin()) {
      append.add(rolledBack, null); // s-gone gets the next session key, then the transaction is discarded
    }
    List<AuditEvent> other = statements("s-other", 1); // takes the key s-gone had for a moment
    List<AuditEvent> again = statements("s-gone", 2);
    List<AuditEvent> both = new ArrayList<>(other);
    both.addAll(again);
    assertThat(store.append(both).stored()).isEqualTo(6);

    assertThat(store.sessionEvents("s-gone")).extracting(StoredEvent::line).containsExactlyElementsOf(lines(again));
    assertThat(store.sessionEvents("s-other")).extracting(StoredEvent::line).containsExactlyElementsOf(lines(other));
    assertThat(store.sessionStatements("s-gone")).hasSize(2).allSatisfy(hit -> assertThat(hit.result()).isNotNull());
  }

  @Test
  void aCommittedAppendCannotBeUsedAgain() {
    AuditStore.Append append = store.begin();
    append.commit(List.of(), List.of());
    append.close();

    assertThatThrownBy(() -> append.add(statements("s-3", 1), null)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void linesMustMatchTheEvents() {
    List<AuditEvent> events = statements("s-4", 2);
    try (AuditStore.Append append = store.begin()) {
      assertThatThrownBy(() -> append.add(events, List.of("{}")))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("canonicalLines");
    }
    assertThat(store.count()).isZero();
  }

  @Test
  void anotherThreadsAppendWaitsForTheOpenOne() throws Exception {
    List<AuditEvent> a = statements("s-5", 2);
    List<AuditEvent> b = statements("s-6", 2);
    CompletableFuture<IngestResult> other = new CompletableFuture<>();
    try (AuditStore.Append append = store.begin()) {
      append.add(a, null);
      CompletableFuture.runAsync(() -> other.complete(store.append(b)));
      await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
          .alias("blocked while this append holds the writer").until(() -> !other.isDone());
      append.commit(List.of(), List.of());
    }

    assertThat(other.get(10, TimeUnit.SECONDS).stored()).isEqualTo(4);
    assertThat(store.count()).isEqualTo(8);
  }

  @Test
  void checkpointsMoveTheWalIntoTheDatabaseFileInTheBackground() throws Exception {
    long empty = Files.size(file);
    for (int i = 0; i < 5; i++) {
      store.append(statements("s-ckpt-" + i, 200));
    }

    // the writer never checkpoints (wal_autocheckpoint=0): only the background checkpointer grows the file
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(Files.size(file)).isGreaterThan(empty));
    assertThat(store.count()).isEqualTo(2_000);
  }

  @Test
  void aReopenedStoreReadsWhatWasCommitted() {
    List<AuditEvent> events = statements("s-7", 3);
    store.append(events);
    store.close();
    store = SqliteAuditStore.open(file, json);

    assertThat(store.sessionEvents("s-7")).hasSize(6);
    assertThat(store.lastEvent("s-7")).map(StoredEvent::seq).contains(6L);
  }
}
