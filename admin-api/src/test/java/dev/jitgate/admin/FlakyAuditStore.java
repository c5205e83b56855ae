package dev.jitgate.admin;

import dev.jitgate.audit.event.AuditEvent;
import dev.jitgate.auditor.session.SessionSummary;
import dev.jitgate.auditor.store.AuditAlert;
import dev.jitgate.auditor.store.AuditStore;
import dev.jitgate.auditor.store.AuditStoreException;
import dev.jitgate.auditor.store.EventPage;
import dev.jitgate.auditor.store.EventQuery;
import dev.jitgate.auditor.store.IngestResult;
import dev.jitgate.auditor.store.SessionQuery;
import dev.jitgate.auditor.store.StatementHit;
import dev.jitgate.auditor.store.StatementQuery;
import dev.jitgate.auditor.store.StoredEvent;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real store whose searches fail as an unreachable store does ({@link AuditStoreException}), and whose
 * export pages fail once {@link #failExportFromPage} says so: an outage in the middle of an export.
 */
final class FlakyAuditStore implements AuditStore {
  private final AuditStore real;
  private final AtomicInteger pages = new AtomicInteger();
  private volatile int failingPage = Integer.MAX_VALUE;

  FlakyAuditStore(AuditStore real) {
    this.real = real;
  }

  /** From now on, the {@code page}-th export page read (1 = the next one) and every later one fail. */
  void failExportFromPage(int page) {
    pages.set(0);
    failingPage = page;
  }

  private static AuditStoreException outage(String operation) {
    return new AuditStoreException(operation, new SQLException("[SQLITE_IOERR] disk I/O error"));
  }

  @Override
  public IngestResult append(List<AuditEvent> events) {
    return real.append(events);
  }

  @Override
  public IngestResult append(List<AuditEvent> events, List<SessionSummary> summaries, List<AuditAlert> alerts) {
    return real.append(events, summaries, alerts);
  }

  @Override
  public Optional<SessionSummary> summary(String session) {
    throw outage("summary");
  }

  @Override
  public List<SessionSummary> sessions(SessionQuery query) {
    throw outage("sessions");
  }

  @Override
  public List<StatementHit> sessionStatements(String session) {
    throw outage("sessionStatements");
  }

  @Override
  public List<AuditAlert> alerts(String session) {
    throw outage("alerts");
  }

  @Override
  public List<StoredEvent> sessionEvents(String session) {
    return real.sessionEvents(session);
  }

  @Override
  public List<StatementHit> searchStatements(StatementQuery query) {
    throw outage("searchStatements");
  }

  @Override
  public EventPage events(EventQuery query) {
    if (pages.incrementAndGet() >= failingPage) {
      throw outage("events");
    }
    return real.events(query);
  }

  @Override
  public long count() {
    return real.count();
  }

  @Override
  public void close() {
    real.close();
  }
}
