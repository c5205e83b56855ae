package dev.jitgate.auditor.ingest;

import dev.jitgate.audit.event.AuditEvent;
import dev.jitgate.audit.event.ChainFinding;
import dev.jitgate.audit.event.ChainLink;
import dev.jitgate.audit.event.ChainVerifier;
import dev.jitgate.auditor.store.StoredEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Checks one session's events of a batch against the session's chain head: events above the head are
 * verified as a slice (the rules of {@link ChainVerifier#verifySlice}, applied to the hashes already
 * computed in {@link CanonicalEvent}) and linked to the head (seq gap, {@code prev} mismatch); events at or
 * below the head are compared with what is stored (same bytes: a silent replay; other bytes or another
 * event at that seq: a conflict; not stored at all: a late, reordered event). Stateless; the stored events
 * are only read when the batch holds events at or below the head.
 */
final class ChainCheck {

  /**
   * The outcome for one session.
   *
   * @param findings the problems found, duplicates left out
   * @param fresh the events above the old head, one per seq (the first received), by seq
   * @param head the new head
   */
  record Result(List<ChainFinding> findings, List<CanonicalEvent> fresh, ChainLink head) {}

  Result check(String session, ChainLink head, List<CanonicalEvent> events, Supplier<List<StoredEvent>> stored) {
    List<ChainFinding> findings = new ArrayList<>();
    List<CanonicalEvent> atOrBelow = new ArrayList<>();
    Map<String, CanonicalEvent> byId = new HashMap<>();
    TreeMap<Long, CanonicalEvent> bySeq = new TreeMap<>();
    long highest = 0;
    for (CanonicalEvent c : events) {
      AuditEvent event = c.event();
      if (event.seq() <= head.seq()) {
        atOrBelow.add(c);
        continue;
      }
      CanonicalEvent sameId = byId.get(event.id());
      if (sameId != null) {
        if (!sameId.hash().equals(c.hash())) {
          findings.add(new ChainFinding.Conflict(session, event.seq(), sameId.event().id(), event.id()));
        }
        continue;
      }
      CanonicalEvent sameSeq = bySeq.get(event.seq());
      if (sameSeq != null) {
        findings.add(new ChainFinding.Conflict(session, event.seq(), sameSeq.event().id(), event.id()));
        continue;
      }
      if (event.seq() < highest) {
        findings.add(new ChainFinding.Reordered(session, event.seq(), event.id(), highest));
      }
      highest = Math.max(highest, event.seq());
      byId.put(event.id(), c);
      bySeq.put(event.seq(), c);
    }
    List<ChainFinding> sliceFindings = new ArrayList<>(findings);
    findings.clear();
    if (!atOrBelow.isEmpty()) {
      checkAgainstStored(session, head, atOrBelow, stored.get(), findings);
    }
    if (bySeq.isEmpty()) {
      return new Result(List.copyOf(findings), List.of(), head);
    }
    AuditEvent first = bySeq.firstEntry().getValue().event();
    if (first.seq() > head.seq() + 1) {
      findings.add(new ChainFinding.Gap(session, head.seq() + 1, first.seq() - 1));
    } else if (!head.hash().equals(first.envelope().prev())) {
      findings.add(new ChainFinding.Altered(session, first.seq(), first.id(), head.hash(),
          first.envelope().prev()));
    }
    findings.addAll(sliceFindings);
    long expectedSeq = first.seq();
    String expectedPrev = null;
    List<CanonicalEvent> fresh = new ArrayList<>(bySeq.size());
    for (CanonicalEvent c : bySeq.values()) {
      AuditEvent e = c.event();
      if (e.seq() > expectedSeq) {
        findings.add(new ChainFinding.Gap(session, expectedSeq, e.seq() - 1));
        expectedPrev = null;
      }
      if (expectedPrev != null && !expectedPrev.equals(e.envelope().prev())) {
        findings.add(new ChainFinding.Altered(session, e.seq(), e.id(), expectedPrev, e.envelope().prev()));
      }
      expectedSeq = e.seq() + 1;
      expectedPrev = c.hash();
      fresh.add(c);
    }
    CanonicalEvent last = bySeq.lastEntry().getValue();
    return new Result(List.copyOf(findings), List.copyOf(fresh), new ChainLink(last.event().seq(), last.hash()));
  }

  private void checkAgainstStored(String session, ChainLink head, List<CanonicalEvent> events,
      List<StoredEvent> stored, List<ChainFinding> findings) {
    Map<String, String> lineById = new HashMap<>();
    Map<Long, String> idBySeq = new HashMap<>();
    for (StoredEvent s : stored) {
      lineById.put(s.id(), s.line());
      idBySeq.putIfAbsent(s.seq(), s.id());
    }
    Map<String, String> seenInBatch = new HashMap<>();
    for (CanonicalEvent c : events) {
      AuditEvent event = c.event();
      String line = c.line();
      String earlier = seenInBatch.putIfAbsent(event.id(), line);
      String storedLine = lineById.get(event.id());
      if (storedLine != null || earlier != null) {
        String reference = storedLine != null ? storedLine : earlier;
        if (!reference.equals(line)) {
          findings.add(new ChainFinding.Conflict(session, event.seq(), event.id(), event.id()));
        }
        continue;
      }
      String otherId = idBySeq.get(event.seq());
      if (otherId != null) {
        findings.add(new ChainFinding.Conflict(session, event.seq(), otherId, event.id()));
      } else {
        findings.add(new ChainFinding.Reordered(session, event.seq(), event.id(), head.seq()));
      }
    }
  }
}
