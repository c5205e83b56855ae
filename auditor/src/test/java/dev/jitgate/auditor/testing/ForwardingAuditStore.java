package dev.jitgate.auditor.testing;

import dev.jitgate.audit.event.AuditEvent;
import dev.jitgate.auditor.session.SessionSummary;
import dev.jitgate.auditor.store.AuditAlert;
import dev.jitgate.auditor.store.AuditStore;
import dev.jitgate.auditor.store.EventPage;
import dev.jitgate.auditor.store.EventQuery;
import dev.jitgate.auditor.store.IngestResult;
import dev.jitgate.auditor.store.SessionQuery;
import dev.jitgate.auditor.store.StatementHit;
import dev.jitgate.auditor.store.StatementQuery;
import dev.jitgate.auditor.store.StoredEvent;
import java.util.List;
import java.util.Optional;

/**
 * An {@link AuditStore} that hands every call, the interface's default methods included, to a real store;
 * tests extend it to fail or count one call.
 */
public abstract class ForwardingAuditStore implements AuditStore {
  /** The store every call goes to. */
  protected final AuditStore delegate;

  protected ForwardingAuditStore(AuditStore delegate) {
    this.delegate = delegate;
  }

  @Override
  public IngestResult append(List<AuditEvent> events) {
    return delegate.append(events);
  }

  @Override
  public IngestResult append(List<AuditEvent> events, List<SessionSummary> summaries, List<AuditAlert> alerts) {
    return delegate.append(events, summaries, alerts);
  }

  @Override
  public IngestResult append(List<AuditEvent> events, List<String> canonicalLines, List<SessionSummary> summaries,
      List<AuditAlert> alerts) {
    return delegate.append(events, canonicalLines, summaries, alerts);
  }

  @Override
  public Append begin() {
    return delegate.begin();
  }

  @Override
  public Optional<SessionSummary> summary(String session) {
    return delegate.summary(session);
  }

  @Override
  public List<SessionSummary> sessions(SessionQuery query) {
    return delegate.sessions(query);
  }

  @Override
  public List<StatementHit> sessionStatements(String session) {
    return delegate.sessionStatements(session);
  }

  @Override
  public List<StatementHit> sessionStatements(String session, long afterSeq, int limit) {
    return delegate.sessionStatements(session, afterSeq, limit);
  }

  @Override
  public List<StoredEvent> sessionEvents(String session, long fromSeq, long toSeq) {
    return delegate.sessionEvents(session, fromSeq, toSeq);
  }

  @Override
  public List<AuditAlert> alerts(String session) {
    return delegate.alerts(session);
  }

  @Override
  public List<StoredEvent> sessionEvents(String session) {
    return delegate.sessionEvents(session);
  }

  @Override
  public Optional<StoredEvent> lastEvent(String session) {
    return delegate.lastEvent(session);
  }

  @Override
  public List<StatementHit> searchStatements(StatementQuery query) {
    return delegate.searchStatements(query);
  }

  @Override
  public EventPage events(EventQuery query) {
    return delegate.events(query);
  }

  @Override
  public long count() {
    return delegate.count();
  }

  @Override
  public void close() {
    delegate.close();
  }
}
