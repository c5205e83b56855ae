package dev.jitgate.auditor.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jitgate.audit.event.AuditEvent;
import dev.jitgate.audit.event.AuditEventJson;
import dev.jitgate.audit.event.ChainBuilder;
import dev.jitgate.audit.event.UuidV7;
import dev.jitgate.auditor.session.SessionSummary;
import dev.jitgate.auditor.store.AuditStoreException;
import dev.jitgate.auditor.store.SqliteAuditStore;
import dev.jitgate.auditor.store.StoredEvent;
import dev.jitgate.auditor.testing.TestDatabaseFiles;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * Bodies of many chunks: the writer stores early chunks while later ones are parsed, and the chain check
 * reads only what was committed before the batch.
 */
class PipelinedIngestTest {
  private final AuditEventJson json = new AuditEventJson();
  private final UuidV7 ids = new UuidV7(Clock.systemUTC(), new SecureRandom());
  private final TestSessions sessions = new TestSessions(json, ids);
  private SqliteAuditStore store;

  @BeforeEach
  void open(TestInfo info) throws Exception {
    Path file = TestDatabaseFiles.fresh("pipelined-tests", info);
    store = SqliteAuditStore.open(file, json);
  }

  @AfterEach
  void close() {
    store.close();
  }




  @Test
  void aSessionFirstSeenInALaterChunkIsCheckedAgainstItsCommittedHead() {
    ChainBuilder a = sessions.chain("s-a");
    ChainBuilder b = sessions.chain("s-b");
    List<AuditEvent> firstOfA = TestSessions.statements(a, 1, 5);
    new IngestProcessor(store, json).ingest(sessions.ndjson(firstOfA));

    IngestProcessor restarted = new IngestProcessor(store, json);
    List<AuditEvent> batch = new ArrayList<>(TestSessions.statements(b, 1, 150)); // chunks 1-3: session b only
    batch.addAll(firstOfA.subList(6, 10)); // a's replayed tail, in chunk 4
    batch.addAll(TestSessions.statements(a, 6, 20)); // a continues
    IngestReport report = restarted.ingest(sessions.ndjson(batch));

    assertThat(report.invalid()).isEmpty();
    assertThat(report.alerts()).as("a replay and a continuation, no chain problem").isEmpty();
    assertThat(report.accepted()).isEqualTo(300 + 30);
    assertThat(report.duplicates()).isEqualTo(4);
    assertThat(restarted.summary("s-a")).map(SessionSummary::statements).contains(20L);
    assertThat(restarted.summary("s-b")).map(SessionSummary::statements).contains(150L);
    assertThat(store.summary("s-a")).map(SessionSummary::statements).contains(20L);
    assertThat(store.sessionEvents("s-a")).extracting(StoredEvent::seq).hasSize(40).isSorted();
  }

  @Test
  void aLateForeignEventInALaterChunkIsStillAConflict() {
    ChainBuilder a = sessions.chain("s-c");
    List<AuditEvent> stored = TestSessions.statements(a, 1, 3);
    IngestProcessor processor = new IngestProcessor(store, json);
    processor.ingest(sessions.ndjson(stored));
    ChainBuilder forger = sessions.chain("s-c");
    List<AuditEvent> forged = TestSessions.statements(forger, 1, 1); // seq 1 and 2 again, other ids

    List<AuditEvent> batch = new ArrayList<>(TestSessions.statements(sessions.chain("s-d"), 1, 200));
    batch.addAll(forged);
    IngestReport report = processor.ingest(sessions.ndjson(batch));

    assertThat(report.alerts()).hasSize(2)
        .allSatisfy(alert -> assertThat(alert.finding().session()).isEqualTo("s-c"));
    assertThat(processor.summary("s-c").orElseThrow().flags()).isNotEmpty();
  }

  @Test
  void aFailedCommitStoresNothingAndTheBatchCanBeSentAgain() {
    FailingStore failing = new FailingStore(store);
    IngestProcessor processor = new IngestProcessor(failing, json);
    List<AuditEvent> batch = new ArrayList<>(TestSessions.statements(sessions.chain("s-e"), 1, 150));
    batch.addAll(TestSessions.statements(sessions.chain("s-f"), 1, 100));
    failing.failCommits = true;

    assertThatThrownBy(() -> processor.ingest(sessions.ndjson(batch))).isInstanceOf(AuditStoreException.class);
    assertThat(store.count()).isZero();
    assertThat(processor.sessionsInMemory()).isZero();

    failing.failCommits = false;
    IngestReport report = processor.ingest(sessions.ndjson(batch));
    assertThat(report.accepted()).isEqualTo(500);
    assertThat(report.alerts()).isEmpty();
    assertThat(store.count()).isEqualTo(500);
    assertThat(processor.summary("s-e")).map(SessionSummary::statements).contains(150L);
  }
}
