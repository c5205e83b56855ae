package dev.jitgate.auditor.ingest;

import dev.jitgate.audit.event.AlertKind;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.jitgate.audit.event.AuditEvent;
import dev.jitgate.audit.event.AuditEventJson;
import dev.jitgate.audit.event.ChainBuilder;
import dev.jitgate.audit.event.ChainFinding;
import dev.jitgate.audit.event.EndReason;
import dev.jitgate.audit.event.Envelope;
import dev.jitgate.audit.event.SessionContext;
import dev.jitgate.audit.event.SessionEnd;
import dev.jitgate.audit.event.SessionStart;
import dev.jitgate.audit.event.Statement;
import dev.jitgate.audit.event.StatementDone;
import dev.jitgate.audit.event.UuidV7;
import dev.jitgate.auditor.classify.AuditClass;
import dev.jitgate.auditor.session.SessionFlag;
import dev.jitgate.auditor.session.SessionSummary;
import dev.jitgate.auditor.classify.StatementClassifier;
import dev.jitgate.auditor.session.SessionAggregator;
import dev.jitgate.auditor.store.AuditAlert;
import dev.jitgate.auditor.store.AuditStore;
import dev.jitgate.auditor.store.SessionQuery;
import dev.jitgate.auditor.store.SqliteAuditStore;
import dev.jitgate.auditor.store.StoredEvent;
import dev.jitgate.auditor.testing.ForwardingAuditStore;
import dev.jitgate.auditor.testing.TestDatabaseFiles;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

class IngestProcessorTest {
  private static final String SESSION = "s-0001";

  private final AuditEventJson json = new AuditEventJson();
  private final TickingClock clock = new TickingClock(Instant.parse("2026-11-01T10:00:00Z"));
  private final UuidV7 ids = new UuidV7(clock, new SecureRandom());
  private final ChainBuilder chain = new ChainBuilder(
      new SessionContext(SESSION, "proxy-1", "alice", "grant-1", "billing", "billing_db", "jit_alice"),
      ids, clock, json);
  private Path file;
  private SqliteAuditStore store;
  private IngestProcessor processor;

  @BeforeEach
  void open(TestInfo info) throws Exception {
    file = TestDatabaseFiles.fresh("ingest-tests", info);
    store = SqliteAuditStore.open(file, json);
    processor = new IngestProcessor(store, json);
  }

  @AfterEach
  void close() {
    store.close();
  }

  /** session.start, a read, an update with WHERE and a failed delete, each with its statement.done. */
  private List<AuditEvent> firstPart() {
    List<AuditEvent> events = new ArrayList<>();
    events.add(chain.append(new SessionStart("10.0.0.5", 50123, "psql", null, null, "3.0", "oidc")));
    events.add(chain.append(Statement.simple(1, "SELECT * FROM invoices")));
    events.add(chain.append(StatementDone.ok(1, "SELECT 3", 3L, 120)));
    events.add(chain.append(Statement.simple(2, "UPDATE invoices SET paid = true WHERE id = 7")));
    events.add(chain.append(StatementDone.ok(2, "UPDATE 1", 1L, 300)));
    return events;
  }

  private List<AuditEvent> secondPart() {
    List<AuditEvent> events = new ArrayList<>();
    events.add(chain.append(Statement.simple(3, "SELECT count(*) FROM customers")));
    events.add(chain.append(StatementDone.ok(3, "SELECT 1", 1L, 90)));
    events.add(chain.append(new SessionEnd(EndReason.CLIENT_CLOSED, 100, 200, 3, 5_000)));
    return events;
  }

  private String ndjson(List<AuditEvent> events) {
    return events.stream().map(json::write).collect(Collectors.joining("\n", "", "\n"));
  }

  private SessionSummary summary() {
    return processor.summary(SESSION).orElseThrow();
  }

  @Test
  void validBatchIsStoredAndSummarized() {
    List<AuditEvent> batch = firstPart();

    IngestReport report = processor.ingest(ndjson(batch));

    assertThat(report).isEqualTo(new IngestReport(5, 0, List.of(), List.of()));
    assertThat(store.count()).isEqualTo(5);
    SessionSummary summary = summary();
    assertThat(summary.statements()).isEqualTo(2);
    assertThat(summary.statementsByClass().get(AuditClass.READ)).isEqualTo(1);
    assertThat(summary.statementsByClass().get(AuditClass.WRITE)).isEqualTo(1);
    assertThat(summary.rowsRead()).isEqualTo(3);
    assertThat(summary.rowsWritten()).isEqualTo(1);
    assertThat(summary.applicationName()).isEqualTo("psql");
    assertThat(summary.lastSeq()).isEqualTo(5);
    assertThat(summary.flags()).doesNotContain(SessionFlag.CHAIN_BROKEN);
    assertThat(processor.summary("unknown")).isEmpty();
  }

  @Test
  void badLineIsReportedWithLineAndFieldAndTheRestIsStored() {
    List<AuditEvent> batch = firstPart();
    List<String> lines = new ArrayList<>(batch.stream().map(json::write).toList());
    lines.set(2, lines.get(2).replace("\"seq\":3", "\"seq\":-3"));

    IngestReport report = processor.ingest(String.join("\n", lines));

    assertThat(report.accepted()).isEqualTo(4);
    assertThat(report.invalid()).singleElement().satisfies(error -> {
      assertThat(error.line()).isEqualTo(3);
      assertThat(error.field()).isEqualTo("seq");
      assertThat(error.reason()).isNotBlank();
    });
    assertThat(store.count()).as("4 events of the session and the alert event").isEqualTo(5);
    assertThat(store.sessionEvents(SESSION)).extracting(e -> e.seq()).containsExactly(1L, 2L, 4L, 5L);
    assertThat(store.sessionEvents(processor.alertSession())).hasSize(1);
    // the dropped line leaves a hole in the chain, which is not bridged silently
    assertThat(report.alerts()).extracting(ChainAlert::kind, ChainAlert::seq)
        .containsExactly(tuple(AlertKind.GAP, 3L));
  }

  @Test
  void replayedBatchIsAllDuplicatesAndLeavesTheSummaryAlone() {
    String body = ndjson(firstPart());
    processor.ingest(body);
    SessionSummary before = summary();

    IngestReport again = processor.ingest(body);

    assertThat(again).isEqualTo(new IngestReport(0, 5, List.of(), List.of()));
    assertThat(summary()).isEqualTo(before);
    assertThat(summary().statements()).isEqualTo(2);
    assertThat(store.count()).isEqualTo(5);
  }

  @Test
  void removedMiddleEventRaisesGapAndBreaksTheChain() {
    List<AuditEvent> batch = firstPart();
    batch.remove(2);

    IngestReport report = processor.ingest(ndjson(batch));

    assertThat(report.accepted()).isEqualTo(4);
    assertThat(report.alerts()).singleElement().satisfies(alert -> {
      assertThat(alert.session()).isEqualTo(SESSION);
      assertThat(alert.kind()).isEqualTo(AlertKind.GAP);
      assertThat(alert.seq()).isEqualTo(3);
      assertThat(alert.finding()).isEqualTo(new ChainFinding.Gap(SESSION, 3, 3));
    });
    assertThat(summary().flags()).contains(SessionFlag.CHAIN_BROKEN);
  }

  @Test
  void alteredEventRaisesAlteredAlert() {
    List<AuditEvent> batch = firstPart();
    AuditEvent original = batch.get(1);
    batch.set(1, new AuditEvent(original.envelope(), Statement.simple(1, "SELECT * FROM payroll")));

    IngestReport report = processor.ingest(ndjson(batch));

    assertThat(report.alerts()).extracting(ChainAlert::kind, ChainAlert::seq)
        .containsExactly(tuple(AlertKind.ALTERED, 3L));
    assertThat(summary().flags()).contains(SessionFlag.CHAIN_BROKEN);
  }

  @Test
  void secondBatchContinuingTheChainRaisesNoAlert() {
    IngestReport first = processor.ingest(ndjson(firstPart()));
    IngestReport second = processor.ingest(ndjson(secondPart()));

    assertThat(first.alerts()).isEmpty();
    assertThat(second).isEqualTo(new IngestReport(3, 0, List.of(), List.of()));
    assertThat(summary().statements()).isEqualTo(3);
    assertThat(summary().statementsByClass().get(AuditClass.READ)).isEqualTo(2);
    assertThat(summary().ended()).isTrue();
    assertThat(summary().flags()).doesNotContain(SessionFlag.CHAIN_BROKEN);
  }

  @Test
  void secondBatchSkippingAnEventRaisesGapAtTheBatchBoundary() {
    processor.ingest(ndjson(firstPart()));
    List<AuditEvent> second = secondPart();
    second.removeFirst();

    IngestReport report = processor.ingest(ndjson(second));

    assertThat(report.alerts()).extracting(ChainAlert::finding)
        .containsExactly(new ChainFinding.Gap(SESSION, 6, 6));
    assertThat(summary().flags()).contains(SessionFlag.CHAIN_BROKEN);
  }

  @Test
  void restartedProcessorContinuesFromTheStore() {
    processor.ingest(ndjson(firstPart()));
    IngestProcessor restarted = new IngestProcessor(store, json);

    IngestReport report = restarted.ingest(ndjson(secondPart()));

    assertThat(report.alerts()).isEmpty();
    SessionSummary summary = restarted.summary(SESSION).orElseThrow();
    assertThat(summary.statements()).isEqualTo(3);
    assertThat(summary.lastSeq()).isEqualTo(8);
  }

  @Test
  void forgedEventAtAStoredSeqIsAConflict() {
    List<AuditEvent> batch = firstPart();
    processor.ingest(ndjson(batch));
    AuditEvent stored = batch.get(1);
    AuditEvent forged = new AuditEvent(
        new Envelope(ids.nextString(), stored.envelope().time(), SESSION, stored.seq(),
            "proxy-1", "alice", "grant-1", "billing", "billing_db", "jit_alice", stored.envelope().prev()),
        Statement.simple(1, "SELECT 1"));

    IngestReport report = processor.ingest(json.write(forged));

    assertThat(report.alerts()).extracting(ChainAlert::kind).containsExactly(AlertKind.CONFLICT);
    assertThat(summary().flags()).contains(SessionFlag.CHAIN_BROKEN);
  }

  @Test
  void persistedSummaryEqualsTheInMemoryOne() {
    processor.ingest(ndjson(firstPart()));
    assertThat(store.summary(SESSION)).contains(summary());

    processor.ingest(ndjson(secondPart()));

    assertThat(store.summary(SESSION)).contains(summary());
    assertThat(store.summary(SESSION).orElseThrow().ended()).isTrue();
    assertThat(store.sessions(SessionQuery.all(10))).containsExactly(summary());
  }

  @Test
  void alertsAreStoredWithTheBatchInLowerCaseWithoutSql() {
    List<AuditEvent> batch = firstPart();
    batch.remove(2);
    Instant detected = Instant.parse("2026-11-02T00:00:00Z");
    IngestProcessor fixed = new IngestProcessor(store, json, new StatementClassifier(), new SessionAggregator(),
        Clock.fixed(detected, ZoneOffset.UTC), 10);

    fixed.ingest(ndjson(batch));

    assertThat(store.alerts(SESSION)).containsExactly(
        new AuditAlert(SESSION, "gap", 3, detected, "gap: seq 3..3 missing"));
    assertThat(store.summary(SESSION).orElseThrow().flags()).contains(SessionFlag.CHAIN_BROKEN);
  }

  @Test
  void alteredAlertDetailIsOneLineOfIdsAndHashes() {
    List<AuditEvent> batch = firstPart();
    AuditEvent original = batch.get(1);
    batch.set(1, new AuditEvent(original.envelope(), Statement.simple(1, "SELECT * FROM payroll")));

    processor.ingest(ndjson(batch));

    assertThat(store.alerts(SESSION)).singleElement().satisfies(alert -> {
      assertThat(alert.kind()).isEqualTo("altered");
      assertThat(alert.seq()).isEqualTo(3);
      assertThat(alert.detail()).startsWith("altered: seq 3 (event " + batch.get(2).id() + ")")
          .doesNotContain("payroll").doesNotContain("\n");
    });
  }

  @Test
  void restartContinuesFromTheStoredSummaryAndHeadWithoutReadingTheSession() {
    processor.ingest(ndjson(firstPart()));
    CountingStore counting = new CountingStore(store);
    IngestProcessor restarted = new IngestProcessor(counting, json);

    IngestReport report = restarted.ingest(ndjson(secondPart()));

    assertThat(report.alerts()).isEmpty();
    assertThat(counting.sessionEventsCalls).isZero();
    SessionSummary summary = restarted.summary(SESSION).orElseThrow();
    assertThat(summary.statements()).isEqualTo(3);
    assertThat(summary.lastSeq()).isEqualTo(8);
    assertThat(summary.ended()).isTrue();
    assertThat(store.summary(SESSION)).contains(summary);
  }

  @Test
  void evictedSessionIsReloadedFromTheStore() {
    ChainBuilder other = new ChainBuilder(
        new SessionContext("s-0002", "proxy-1", "bob", "grant-2", "billing", "billing_db", "jit_bob"),
        ids, clock, json);
    IngestProcessor small = new IngestProcessor(store, json, new StatementClassifier(), new SessionAggregator(),
        clock, 1);
    small.ingest(ndjson(firstPart()));
    small.ingest(ndjson(List.of(other.append(Statement.simple(1, "SELECT 1")))));
    assertThat(small.sessionsInMemory()).isEqualTo(1);
    assertThat(small.summary(SESSION)).isEqualTo(store.summary(SESSION)).isPresent();

    IngestReport report = small.ingest(ndjson(secondPart()));

    assertThat(report.alerts()).isEmpty();
    assertThat(small.sessionsInMemory()).isEqualTo(1);
    SessionSummary summary = small.summary(SESSION).orElseThrow();
    assertThat(summary.statements()).isEqualTo(3);
    assertThat(summary.flags()).doesNotContain(SessionFlag.CHAIN_BROKEN);
    assertThat(small.summary("s-0002").orElseThrow().statements()).isEqualTo(1);
    assertThat(store.summary(SESSION)).contains(summary);
  }

  @Test
  void sessionStoredWithoutSummaryIsRebuiltAndItsSummaryPersisted() {
    store.append(firstPart());
    assertThat(store.summary(SESSION)).isEmpty();

    IngestReport report = processor.ingest(ndjson(secondPart()));

    assertThat(report.alerts()).isEmpty();
    assertThat(store.summary(SESSION)).hasValueSatisfying(s -> {
      assertThat(s.statements()).isEqualTo(3);
      assertThat(s.lastSeq()).isEqualTo(8);
    });
  }

  @Test
  void largeBodyIsParsedInParallelWithLineNumbersAndOrderKept() {
    List<AuditEvent> events = new ArrayList<>();
    for (int i = 1; i <= 60; i++) {
      events.add(chain.append(Statement.simple(i, "SELECT * FROM t" + i)));
      events.add(chain.append(StatementDone.ok(i, "SELECT 1", 1L, 10)));
    }
    List<String> lines = new ArrayList<>(events.stream().map(json::write).toList());
    lines.add(10, "");
    lines.set(71, "{\"v\":1,\"type\":\"statement\"}");

    IngestReport report = processor.ingest(String.join("\r\n", lines));

    assertThat(report.invalid()).singleElement().satisfies(e -> assertThat(e.line()).isEqualTo(72));
    assertThat(report.accepted()).isEqualTo(119);
    assertThat(report.alerts()).extracting(ChainAlert::finding).containsExactly(new ChainFinding.Gap(SESSION, 71, 71));
    assertThat(store.sessionEvents(SESSION)).extracting(StoredEvent::seq)
        .hasSize(119).isSorted().doesNotContain(71L);
    assertThat(store.sessionStatements(SESSION)).hasSize(59);
    assertThat(summary().statements()).isEqualTo(59);
  }

  /** A store that counts whole-session reads. */
  private static final class CountingStore extends ForwardingAuditStore {
    int sessionEventsCalls;

    CountingStore(AuditStore delegate) {
      super(delegate);
    }

    @Override
    public List<StoredEvent> sessionEvents(String session) {
      sessionEventsCalls++;
      return delegate.sessionEvents(session);
    }
  }

  /** A clock that advances one millisecond per reading, so ids and times are distinct. */
  private static final class TickingClock extends Clock {
    private Instant now;

    TickingClock(Instant start) {
      this.now = start;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public synchronized Instant instant() {
      now = now.plusMillis(1);
      return now;
    }
  }
}
