package dev.jitgate.audit.event;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The consumer side of the hash chain: checks events in the order they were received, per session, and
 * reports gaps, altered events, reordering, duplicates and conflicts. Pure: no I/O, no state between
 * calls. Limits: a change to the last event received of a session cannot be seen (nothing links to it
 * yet), and removing the tail of a session shows only as a missing {@code session.end}.
 */
public final class ChainVerifier {
  private final AuditEventJson json;

  /** A verifier hashing with {@code json}'s canonical form. */
  public ChainVerifier(AuditEventJson json) {
    this.json = Objects.requireNonNull(json, "json");
  }

  /** Verifies complete sessions: every session must start at seq 1 with a zero prev. */
  public List<ChainFinding> verify(List<AuditEvent> received) {
    return verify(received, false);
  }

  /**
   * Verifies a slice of each session: its lowest seq is trusted as the start (e.g. the last event
   * already stored followed by a new batch), so no gap or prev check is made before it.
   */
  public List<ChainFinding> verifySlice(List<AuditEvent> received) {
    return verify(received, true);
  }

  private List<ChainFinding> verify(List<AuditEvent> received, boolean slice) {
    Map<String, List<AuditEvent>> bySession = new LinkedHashMap<>();
    for (AuditEvent event : received) {
      bySession.computeIfAbsent(event.session(), s -> new ArrayList<>()).add(event);
    }
    List<ChainFinding> findings = new ArrayList<>();
    bySession.forEach((session, events) -> verifySession(session, events, slice, findings));
    return List.copyOf(findings);
  }

  private record Hashed(AuditEvent event, String hash) {}

  private void verifySession(String session, List<AuditEvent> events, boolean slice, List<ChainFinding> out) {
    Map<String, Hashed> byId = new HashMap<>();
    TreeMap<Long, Hashed> bySeq = new TreeMap<>();
    long highest = 0;
    for (AuditEvent event : events) {
      Hashed hashed = new Hashed(event, json.hash(event));
      Hashed sameId = byId.get(event.id());
      if (sameId != null) {
        out.add(sameId.hash().equals(hashed.hash())
            ? new ChainFinding.Duplicate(session, event.seq(), event.id())
            : new ChainFinding.Conflict(session, event.seq(), sameId.event().id(), event.id()));
        continue;
      }
      Hashed sameSeq = bySeq.get(event.seq());
      if (sameSeq != null) {
        out.add(new ChainFinding.Conflict(session, event.seq(), sameSeq.event().id(), event.id()));
        continue;
      }
      if (event.seq() < highest) {
        out.add(new ChainFinding.Reordered(session, event.seq(), event.id(), highest));
      }
      highest = Math.max(highest, event.seq());
      byId.put(event.id(), hashed);
      bySeq.put(event.seq(), hashed);
    }
    long expectedSeq = slice ? bySeq.firstKey() : 1;
    String expectedPrev = slice ? null : ChainLink.ZERO_HASH;
    for (Hashed hashed : bySeq.values()) {
      Envelope e = hashed.event().envelope();
      if (e.seq() > expectedSeq) {
        out.add(new ChainFinding.Gap(session, expectedSeq, e.seq() - 1));
        expectedPrev = null; // the predecessor is missing: this link cannot be checked
      }
      if (expectedPrev != null && !expectedPrev.equals(e.prev())) {
        out.add(new ChainFinding.Altered(session, e.seq(), e.id(), expectedPrev, e.prev()));
      }
      expectedSeq = e.seq() + 1;
      expectedPrev = hashed.hash();
    }
  }
}
