package dev.jitgate.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jitgate.audit.event.AuditEventJson;
import dev.jitgate.audit.event.ChainBuilder;
import dev.jitgate.audit.event.EndReason;
import dev.jitgate.audit.event.EventBody;
import dev.jitgate.audit.event.Parameter;
import dev.jitgate.audit.event.SessionContext;
import dev.jitgate.audit.event.SessionEnd;
import dev.jitgate.audit.event.SessionStart;
import dev.jitgate.audit.event.Statement;
import dev.jitgate.audit.event.StatementDone;
import dev.jitgate.audit.event.UuidV7;
import dev.jitgate.auditor.ingest.IngestProcessor;
import dev.jitgate.auditor.ingest.IngestReport;
import dev.jitgate.auditor.store.SqliteAuditStore;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A real SQLite audit store under {@code target/} fed through the real ingest path ({@link IngestProcessor}),
 * with sessions written by the producer's {@link ChainBuilder}, one event per second from their start.
 */
final class AuditTrail implements AutoCloseable {
  final Path file;
  final SqliteAuditStore store;
  final IngestProcessor ingest;
  private final AuditEventJson json = new AuditEventJson();
  private final UuidV7 ids = new UuidV7(Clock.systemUTC(), new SecureRandom());

  private AuditTrail(Path file) {
    this.file = file;
    this.store = SqliteAuditStore.open(file, json);
    this.ingest = new IngestProcessor(store, json);
  }

  /** A fresh store file under {@code target/admin-api-tests/}. */
  static AuditTrail open() {
    return new AuditTrail(Path.of("target", "admin-api-tests", "audit-" + UUID.randomUUID() + ".db"));
  }

  /** A new session of {@code principal} on {@code integration/database}, its first event at {@code start}. */
  Session session(String id, String principal, String integration, String database, Instant start) {
    return new Session(new SessionContext(id, "proxy-1", principal, "grant-" + principal, integration, database,
        "jit_" + principal), start);
  }

  @Override
  public void close() {
    store.close();
  }

  /** One session being written; {@link #ingest()} sends what was written since the last call. */
  final class Session {
    private final StepClock clock;
    private final ChainBuilder chain;
    private final List<String> pending = new ArrayList<>();
    private long statementId;

    private Session(SessionContext context, Instant start) {
      this.clock = new StepClock(start);
      this.chain = new ChainBuilder(context, ids, clock, json);
    }

    Session start(String address, int port, String application) {
      return add(new SessionStart(address, port, application, null, null, "3.0", "scram-sha-256"));
    }

    /** A simple-protocol statement that succeeds. */
    Session ok(String sql, String tag, Long rows) {
      statementId++;
      add(Statement.simple(statementId, sql));
      return add(StatementDone.ok(statementId, tag, rows, 250));
    }

    /** An extended-protocol statement with {@code parameters} that succeeds. */
    Session extended(String sql, List<Parameter> parameters, String tag, Long rows) {
      statementId++;
      add(Statement.extended(statementId, sql, "S_1", "", parameters));
      return add(StatementDone.ok(statementId, tag, rows, 400));
    }

    /** A simple-protocol statement that fails. */
    Session failed(String sql, String sqlstate, String error) {
      statementId++;
      add(Statement.simple(statementId, sql));
      return add(StatementDone.failed(statementId, 90, sqlstate, error));
    }

    Session end() {
      return add(new SessionEnd(EndReason.CLIENT_CLOSED, 1_000, 5_000, statementId, 9_000_000));
    }

    /** Leaves out the {@code index}-th event written since the last ingest (0-based): it never arrives. */
    Session lose(int index) {
      pending.remove(index);
      return this;
    }

    /** Ingests the events written since the last call and checks they were all stored. */
    IngestReport ingest() {
      IngestReport report = AuditTrail.this.ingest.ingest(String.join("\n", pending) + "\n");
      assertThat(report.accepted()).as("stored: %s", report).isEqualTo(pending.size());
      pending.clear();
      return report;
    }

    private Session add(EventBody body) {
      pending.add(json.write(chain.append(body)));
      return this;
    }
  }

  /** A clock that moves one second forward each time it is read. */
  private static final class StepClock extends Clock {
    private Instant next;

    StepClock(Instant start) {
      this.next = start;
    }

    @Override
    public synchronized Instant instant() {
      Instant now = next;
      next = next.plusSeconds(1);
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException("fixed to UTC");
    }
  }
}
