package dev.jitgate.auditor.store;

import dev.jitgate.audit.event.AuditEvent;
import dev.jitgate.auditor.session.SessionSummary;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** {@link AuditStore#begin}'s default: collects the parts and appends them in one call at commit. */
final class CollectingAppend implements AuditStore.Append {
  private final AuditStore store;
  private final List<AuditEvent> events = new ArrayList<>();
  private List<String> lines = new ArrayList<>();
  private boolean done;

  CollectingAppend(AuditStore store) {
    this.store = store;
  }

  @Override
  public void add(List<AuditEvent> part, List<String> canonicalLines) {
    Objects.requireNonNull(part, "events");
    ensureOpen();
    if (canonicalLines != null && canonicalLines.size() != part.size()) {
      throw new IllegalArgumentException("canonicalLines: must have one line per event");
    }
    if (canonicalLines == null) {
      lines = null;
    } else if (lines != null) {
      lines.addAll(canonicalLines);
    }
    events.addAll(part);
  }

  @Override
  public IngestResult commit(List<SessionSummary> summaries, List<AuditAlert> alerts) {
    ensureOpen();
    done = true;
    return store.append(events, lines, summaries, alerts);
  }

  @Override
  public void close() {
    done = true;
  }

  private void ensureOpen() {
    if (done) {
      throw new IllegalStateException("append already committed or closed");
    }
  }
}
