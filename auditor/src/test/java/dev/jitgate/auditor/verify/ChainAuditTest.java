package dev.jitgate.auditor.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jitgate.audit.event.AdminAction;
import dev.jitgate.audit.event.AuditEvent;
import dev.jitgate.audit.event.AuditEventJson;
import dev.jitgate.audit.event.ChainBuilder;
import dev.jitgate.audit.event.EndReason;
import dev.jitgate.audit.event.SessionContext;
import dev.jitgate.audit.event.SessionEnd;
import dev.jitgate.audit.event.SessionStart;
import dev.jitgate.audit.event.Statement;
import dev.jitgate.audit.event.StatementDone;
import dev.jitgate.audit.event.UuidV7;
import dev.jitgate.auditor.ingest.IngestProcessor;
import dev.jitgate.auditor.store.SqliteAuditStore;
import dev.jitgate.auditor.testing.TestDatabaseFiles;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
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

class ChainAuditTest {
  private static final Instant T0 = Instant.parse("2026-11-01T10:00:00Z");
  private static final Instant SOON_AFTER = T0.plus(Duration.ofHours(2));

  private final AuditEventJson json = new AuditEventJson();
  private final TickingClock clock = new TickingClock(T0);
  private final UuidV7 ids = new UuidV7(clock, new SecureRandom());
  private Path file;
  private SqliteAuditStore store;
  private IngestProcessor processor;

  @BeforeEach
  void open(TestInfo info) throws Exception {
    file = TestDatabaseFiles.fresh("verify-tests", info);
    store = SqliteAuditStore.open(file, json);
    processor = new IngestProcessor(store, json);
  }

  @AfterEach
  void close() {
    store.close();
  }

  /** Ingests a session: start, three statements with results, and an end when {@code ended}. */
  private List<AuditEvent> ingestSession(String id, boolean ended) {
    ChainBuilder chain = new ChainBuilder(
        new SessionContext(id, "proxy-1", "alice", "grant-1", "billing", "billing_db", "jit_alice"), ids, clock, json);
    List<AuditEvent> events = new ArrayList<>();
    events.add(chain.append(new SessionStart("10.0.0.5", 5000, "psql", null, null, "3.0", "scram-sha-256")));
    for (int i = 1; i <= 3; i++) {
      events.add(chain.append(Statement.simple(i, "SELECT * FROM invoices WHERE id = " + i)));
      events.add(chain.append(StatementDone.ok(i, "SELECT 1", 1L, 100)));
    }
    if (ended) {
      events.add(chain.append(new SessionEnd(EndReason.CLIENT_CLOSED, 10, 20, 3, 1000)));
    }
    processor.ingest(events.stream().map(json::write).collect(Collectors.joining("\n")));
    return events;
  }

  private ChainAudit audit(Instant now) {
    return new ChainAudit(store, json, Duration.ofHours(24), Clock.fixed(now, ZoneOffset.UTC));
  }

  private void sql(String statement, Object... args) throws Exception {
    try (Connection raw = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
        PreparedStatement ps = raw.prepareStatement(statement)) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      assertThat(ps.executeUpdate()).isEqualTo(1);
    }
  }

  @Test
  void intactChainsVerify() {
    ingestSession("s1", true);
    ingestSession("s2", true);
    ingestSession("s3", false);

    VerificationReport report = audit(SOON_AFTER).verify(null, null, 100);

    assertThat(report.intact()).isTrue();
    assertThat(report.sessionsChecked()).isEqualTo(3);
    assertThat(report.eventsChecked()).isEqualTo(8 + 8 + 7);
    assertThat(report.truncated()).isFalse();
  }

  @Test
  void deletedEventRowIsDetected() throws Exception {
    ingestSession("s1", true);
    List<AuditEvent> s2 = ingestSession("s2", true);

    sql("DELETE FROM events WHERE id = ?", s2.get(3).id());

    VerificationReport report = audit(SOON_AFTER).verify(null, null, 100);
    assertThat(report.intact()).isFalse();
    assertThat(report.problems()).singleElement().satisfies(p -> {
      assertThat(p.session()).isEqualTo("s2");
      assertThat(p.findings()).containsExactly("gap: seq 4..4 missing");
    });
  }

  @Test
  void alteredStoredLineIsDetected() throws Exception {
    List<AuditEvent> s1 = ingestSession("s1", true);
    String line = json.write(s1.get(1));
    String altered = line.replace("WHERE id = 1", "WHERE id = 9");
    assertThat(altered).isNotEqualTo(line);

    sql("UPDATE events SET line = ? WHERE id = ?", altered, s1.get(1).id());

    VerificationReport report = audit(SOON_AFTER).verify(null, null, 100);
    assertThat(report.problems()).singleElement().satisfies(p -> {
      assertThat(p.findings()).singleElement().asString()
          .startsWith("altered: seq 3 (event " + s1.get(2).id() + ")").doesNotContain("WHERE");
    });
  }

  @Test
  void removedTailOfAnEndedSessionIsDetected() throws Exception {
    List<AuditEvent> s1 = ingestSession("s1", true);

    sql("DELETE FROM events WHERE id = ?", s1.getLast().id());

    VerificationReport report = audit(SOON_AFTER).verify(null, null, 100);
    assertThat(report.problems()).singleElement().satisfies(p -> assertThat(p.findings()).containsExactly(
        "gap: seq 8..8 missing (the tail the summary saw)",
        "missing session.end: the summary recorded the end at " + s1.getLast().envelope().time()
            + " but no end event is stored"));
  }

  @Test
  void sessionWithoutEndIsReportedOnlyOnceStale() {
    List<AuditEvent> open = ingestSession("s1", false);
    Instant last = open.getLast().envelope().time();

    assertThat(audit(last.plus(Duration.ofHours(23))).verify(null, null, 10).intact()).isTrue();
    VerificationReport stale = audit(last.plus(Duration.ofHours(25))).verify(null, null, 10);

    assertThat(stale.problems()).singleElement().satisfies(p ->
        assertThat(p.findings()).containsExactly("no session.end (last event " + last + ")"));
  }

  @Test
  void adminAndAlertStreamsNeedNoEnd() {
    ChainBuilder gapped = new ChainBuilder(
        new SessionContext("s-gap", "proxy-1", "alice", "grant-1", "billing", "billing_db", "jit_alice"), ids, clock,
        json);
    gapped.append(Statement.simple(1, "SELECT 1")); // never delivered: a gap, raised as an alert event
    processor.ingest(json.write(gapped.append(StatementDone.ok(1, "SELECT 1", 1L, 10))));
    ChainBuilder admin = new ChainBuilder(
        new SessionContext("admin-1", "admin-api-0", "bob", null, null, null, null), ids, clock, json);
    processor.ingest(json.write(admin.append(
        new AdminAction("grant.revoke", "bob", "grant", "g-1", java.util.Map.of()))));

    VerificationReport report = audit(T0.plus(Duration.ofDays(3650))).verify(null, null, 100);

    assertThat(store.sessionEvents(processor.alertSession())).hasSize(1);
    assertThat(report.sessionsChecked()).isEqualTo(3);
    assertThat(report.problems()).singleElement().satisfies(p -> {
      assertThat(p.session()).isEqualTo("s-gap");
      assertThat(p.findings()).anyMatch(f -> f.startsWith("no session.end"));
    });
  }

  @Test
  void sessionsAreLimitedAndReportedInStartOrder() throws Exception {
    List<AuditEvent> s1 = ingestSession("s1", true);
    List<AuditEvent> s2 = ingestSession("s2", true);
    List<AuditEvent> s3 = ingestSession("s3", true);
    sql("DELETE FROM events WHERE id = ?", s1.get(2).id());
    sql("DELETE FROM events WHERE id = ?", s2.get(2).id());
    sql("DELETE FROM events WHERE id = ?", s3.get(2).id());

    VerificationReport all = audit(SOON_AFTER).verify(null, null, 10);
    VerificationReport newest = audit(SOON_AFTER).verify(null, null, 2);
    VerificationReport range = audit(SOON_AFTER).verify(s2.getFirst().envelope().time(),
        s3.getFirst().envelope().time(), 10);

    assertThat(all.problems()).extracting(VerificationReport.SessionProblem::session)
        .containsExactly("s1", "s2", "s3");
    assertThat(newest.truncated()).isTrue();
    assertThat(newest.sessionsChecked()).isEqualTo(2);
    assertThat(newest.problems()).extracting(VerificationReport.SessionProblem::session)
        .containsExactly("s2", "s3");
    assertThat(range.problems()).extracting(VerificationReport.SessionProblem::session).containsExactly("s2");
    assertThatThrownBy(() -> audit(SOON_AFTER).verify(null, null, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("maxSessions:");
    assertThatThrownBy(() -> audit(SOON_AFTER).verify(SOON_AFTER, T0, 10))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("to:");
  }

  /** A clock that advances one millisecond per reading. */
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
