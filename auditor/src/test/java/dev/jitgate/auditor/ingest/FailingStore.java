package dev.jitgate.auditor.ingest;

import dev.jitgate.audit.event.AuditEvent;
import dev.jitgate.auditor.session.SessionSummary;
import dev.jitgate.auditor.store.AuditAlert;
import dev.jitgate.auditor.store.AuditStore;
import dev.jitgate.auditor.store.AuditStoreException;
import dev.jitgate.auditor.store.IngestResult;
import dev.jitgate.auditor.testing.ForwardingAuditStore;
import java.sql.SQLException;
import java.util.List;

/** A real store whose appends fail at commit while {@link #failCommits} is set (after the events were added). */
final class FailingStore extends ForwardingAuditStore {
  volatile boolean failCommits;

  FailingStore(AuditStore real) {
    super(real);
  }

  @Override
  public Append begin() {
    Append append = delegate.begin();
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
}
