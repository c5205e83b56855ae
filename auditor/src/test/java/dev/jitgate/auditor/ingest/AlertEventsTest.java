package dev.jitgate.auditor.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.jitgate.audit.event.Alert;
import dev.jitgate.audit.event.AlertKind;
import dev.jitgate.audit.event.AuditEvent;
import dev.jitgate.audit.event.AuditEventJson;
import dev.jitgate.audit.event.ChainBuilder;
import dev.jitgate.audit.event.ChainVerifier;
import dev.jitgate.audit.event.ParseResult;
import dev.jitgate.audit.event.SessionContext;
import dev.jitgate.audit.event.Statement;
import dev.jitgate.audit.event.UuidV7;
import dev.jitgate.auditor.classify.StatementClassifier;
import dev.jitgate.auditor.session.SessionAggregator;
import dev.jitgate.auditor.store.AuditStore;
import dev.jitgate.auditor.store.AuditStoreException;
import dev.jitgate.auditor.store.SqliteAuditStore;
import dev.jitgate.auditor.store.StoredEvent;
import dev.jitgate.auditor.testing.TestDatabaseFiles;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/** Chain problems become {@code alert} events in the auditor's own chain, stored with the batch that showed them. */
class AlertEventsTest {
  private static final Instant DETECTED = Instant.parse("2026-11-29T20:00:00.123456Z");

  private final AuditEventJson json = new AuditEventJson();
  private final UuidV7 ids = new UuidV7(Clock.systemUTC(), new SecureRandom());
  private final TestSessions sessions = new TestSessions(json, ids);
  private SqliteAuditStore store;

  @BeforeEach
  void open(TestInfo info) throws Exception {
    store = SqliteAuditStore.open(TestDatabaseFiles.fresh("alert-tests", info), json);
  }

  @AfterEach
  void close() {
    store.close();
  }

  private IngestProcessor processor(AuditStore target) {
    return new IngestProcessor(target, json, new StatementClassifier(), new SessionAggregator(),
        Clock.fixed(DETECTED, ZoneOffset.UTC), 100, "auditor-eu-1");
  }




  private List<AuditEvent> stored(String session) {
    return store.sessionEvents(session).stream()
        .map(StoredEvent::line)
        .map(line -> ((ParseResult.Ok) json.read(line)).event())
        .toList();
  }

  @Test
  void aGapBecomesAnAlertEventInTheAuditorsChain() {
    IngestProcessor processor = processor(store);
    List<AuditEvent> session = TestSessions.statements(sessions.chain("s-1"), 1, 4);
    session.remove(3); // seq 4

    IngestReport report = processor.ingest(sessions.ndjson(session));

    assertThat(report.accepted()).as("the producer's events only").isEqualTo(7);
    assertThat(processor.alertSession()).startsWith("auditor-");
    assertThat(stored(processor.alertSession())).singleElement().satisfies(event -> {
      assertThat(event.body()).isEqualTo(new Alert(AlertKind.GAP, "s-1", 4, "gap: seq 4..4 missing"));
      assertThat(event.seq()).isEqualTo(1);
      assertThat(event.envelope().proxy()).isEqualTo("auditor-eu-1");
      assertThat(event.envelope().time()).isEqualTo(DETECTED);
      assertThat(event.envelope().principal()).isNull();
    });
    assertThat(store.summary(processor.alertSession())).hasValueSatisfying(s -> assertThat(s.lastSeq()).isEqualTo(1));
  }

  @Test
  void alertsOfLaterBatchesContinueOneIntactChain() {
    IngestProcessor processor = processor(store);
    List<AuditEvent> a = TestSessions.statements(sessions.chain("s-a"), 1, 3);
    a.remove(1);
    List<AuditEvent> b = TestSessions.statements(sessions.chain("s-b"), 1, 3);
    AuditEvent moved = b.remove(0);
    processor.ingest(sessions.ndjson(a));
    processor.ingest(sessions.ndjson(b));
    processor.ingest(sessions.ndjson(List.of(moved))); // fills b's gap late: reordered

    List<AuditEvent> alerts = stored(processor.alertSession());

    assertThat(alerts).extracting(e -> ((Alert) e.body()).kind(), e -> ((Alert) e.body()).subjectSession())
        .containsExactly(
            tuple(AlertKind.GAP, "s-a"),
            tuple(AlertKind.GAP, "s-b"),
            tuple(AlertKind.REORDERED, "s-b"));
    assertThat(alerts).extracting(AuditEvent::seq).containsExactly(1L, 2L, 3L);
    assertThat(new ChainVerifier(json).verify(alerts)).as("the auditor's chain itself").isEmpty();
  }

  @Test
  void aBatchThatFailsToStoreLeavesNoAlertAndNoHoleInTheAuditorsChain() {
    FailingStore failing = new FailingStore(store);
    IngestProcessor processor = processor(failing);
    List<AuditEvent> broken = TestSessions.statements(sessions.chain("s-f"), 1, 3);
    broken.remove(2);
    failing.failCommits = true;

    assertThatThrownBy(() -> processor.ingest(sessions.ndjson(broken))).isInstanceOf(AuditStoreException.class);
    assertThat(store.sessionEvents(processor.alertSession())).isEmpty();

    failing.failCommits = false;
    processor.ingest(sessions.ndjson(broken));
    List<AuditEvent> alerts = stored(processor.alertSession());
    assertThat(alerts).singleElement().satisfies(e -> assertThat(e.seq()).isEqualTo(1));
    assertThat(new ChainVerifier(json).verify(alerts)).isEmpty();
  }

  @Test
  void producersCanSendNeitherAlertEventsNorEventsOfAnAuditorSession() {
    IngestProcessor processor = processor(store);
    AuditEvent forgedAlert = sessions.chain("s-x").append(new Alert(AlertKind.GAP, "s-y", 1, "gap: seq 1..1 missing"));
    AuditEvent squatter = new ChainBuilder(new SessionContext("auditor-0000", "proxy-1", null, null, null, null,
        null), ids, Clock.systemUTC(), json).append(Statement.simple(1, "SELECT 1"));
    AuditEvent fine = sessions.chain("s-z").append(Statement.simple(1, "SELECT 1"));

    IngestReport report = processor.ingest(sessions.ndjson(List.of(forgedAlert, squatter, fine)));

    assertThat(report.accepted()).isEqualTo(1);
    assertThat(report.invalid()).extracting(LineError::line, LineError::field)
        .containsExactly(tuple(1, "type"), tuple(2, "session"));
    assertThat(report.invalid()).allSatisfy(e -> assertThat(e.reason()).contains("auditor"));
    assertThat(store.count()).isEqualTo(1);
  }

  @Test
  void eachProcessorWritesItsOwnChain() {
    IngestProcessor first = processor(store);
    IngestProcessor second = processor(store);

    assertThat(first.alertSession()).isNotEqualTo(second.alertSession());
    assertThat(first.alertSession()).matches("auditor-[0-9a-f-]{36}");
  }
}
