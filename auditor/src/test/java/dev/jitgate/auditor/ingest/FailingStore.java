package dev.jitgate.auditor.ingest;

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

/** A real store whose appends fail at commit while {@link #failCommits} is set (after the events were added). */
final class FailingStore implements AuditStore {
  private final AuditStore real;
  volatile boolean failCommits;

  FailingStore(AuditStore real) {
    this.real = real;
  }

  @Override
  public Append begin() {
    Append append = real.begin();
    return new Append() {
      @Override
      public void add(List<AuditEvent> events, List<String> canonicalLines) {
        append.add(events, canonicalLines);
      }

      @Override
      public IngestResult commit(List<SessionSummary> summaries, List<AuditAlert> alerts) {
        if (failCommits) {
          append.close();
          throw new AuditStoreException("append", new SQLException("[SQLITE_FULL] database or disk is full"));
        }
        return append.commit(summaries, alerts);
      }

      @Override
      public void close() {
        append.close();
      }
    };
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
    return real.summary(session);
  }

  @Override
  public List<SessionSummary> sessions(SessionQuery query) {
    return real.sessions(query);
  }

  @Override
  public List<StatementHit> sessionStatements(String session) {
    return real.sessionStatements(session);
  }

  @Override
  public List<AuditAlert> alerts(String session) {
    return real.alerts(session);
  }

  @Override
  public List<StoredEvent> sessionEvents(String session) {
    return real.sessionEvents(session);
  }

  @Override
  public Optional<StoredEvent> lastEvent(String session) {
    return real.lastEvent(session);
  }

  @Override
  public List<StatementHit> searchStatements(StatementQuery query) {
    return real.searchStatements(query);
  }

  @Override
  public EventPage events(EventQuery query) {
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
