package dev.jitgate.auditor.ingest;

import dev.jitgate.audit.event.AuditEvent;
import dev.jitgate.audit.event.AuditEventJson;
import dev.jitgate.audit.event.ChainFinding;
import dev.jitgate.audit.event.ChainLink;
import dev.jitgate.audit.event.ChainVerifier;
import dev.jitgate.auditor.store.StoredEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Checks one session's events of a batch against the session's chain head: events above the head are
 * verified as a slice ({@link ChainVerifier#verifySlice}) and linked to the head (seq gap, {@code prev}
 * mismatch); events at or below the head are compared with what is stored (same bytes: a silent replay;
 * other bytes or another event at that seq: a conflict; not stored at all: a late, reordered event).
 * Stateless; the stored events are only read when the batch holds events at or below the head.
 */
final class ChainCheck {
  private final AuditEventJson json;
  private final ChainVerifier verifier;

  ChainCheck(AuditEventJson json) {
    this.json = Objects.requireNonNull(json, "json");
    this.verifier = new ChainVerifier(json);
  }

  /**
   * The outcome for one session.
   *
   * @param findings the problems found, duplicates left out
   * @param fresh the events above the old head, one per seq (the first received), by seq
   * @param head the new head
   */
  record Result(List<ChainFinding> findings, List<AuditEvent> fresh, ChainLink head) {}

  Result check(String session, ChainLink head, List<AuditEvent> events, Supplier<List<StoredEvent>> stored) {
    List<ChainFinding> findings = new ArrayList<>();
    List<AuditEvent> above = new ArrayList<>();
    List<AuditEvent> atOrBelow = new ArrayList<>();
    for (AuditEvent event : events) {
      (event.seq() > head.seq() ? above : atOrBelow).add(event);
    }
    if (!atOrBelow.isEmpty()) {
      checkAgainstStored(session, head, atOrBelow, stored.get(), findings);
    }
    TreeMap<Long, AuditEvent> bySeq = new TreeMap<>();
    for (AuditEvent event : above) {
      bySeq.putIfAbsent(event.seq(), event);
    }
    if (bySeq.isEmpty()) {
      return new Result(List.copyOf(findings), List.of(), head);
    }
    AuditEvent first = bySeq.firstEntry().getValue();
    if (first.seq() > head.seq() + 1) {
      findings.add(new ChainFinding.Gap(session, head.seq() + 1, first.seq() - 1));
    } else if (!head.hash().equals(first.envelope().prev())) {
      findings.add(new ChainFinding.Altered(session, first.seq(), first.id(), head.hash(),
          first.envelope().prev()));
    }
    for (ChainFinding finding : verifier.verifySlice(above)) {
      if (!(finding instanceof ChainFinding.Duplicate)) {
        findings.add(finding);
      }
    }
    AuditEvent last = bySeq.lastEntry().getValue();
    return new Result(List.copyOf(findings), List.copyOf(bySeq.values()),
        new ChainLink(last.seq(), json.hash(last)));
  }

  private void checkAgainstStored(String session, ChainLink head, List<AuditEvent> events,
      List<StoredEvent> stored, List<ChainFinding> findings) {
    Map<String, String> lineById = new HashMap<>();
    Map<Long, String> idBySeq = new HashMap<>();
    for (StoredEvent s : stored) {
      lineById.put(s.id(), s.line());
      idBySeq.putIfAbsent(s.seq(), s.id());
    }
    Map<String, String> seenInBatch = new HashMap<>();
    for (AuditEvent event : events) {
      String line = json.write(event);
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
