package dev.jitgate.audit.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChainTest {
  private final AuditEventJson json = new AuditEventJson();
  private final ChainVerifier verifier = new ChainVerifier(json);

  @Test
  void builderAssignsSeqAndPrevFromTheCanonicalBytes() {
    List<AuditEvent> events = Events.session();

    assertThat(events).extracting(AuditEvent::seq).containsExactly(1L, 2L, 3L, 4L, 5L);
    assertThat(events.get(0).envelope().prev()).isEqualTo("0".repeat(64));
    for (int i = 1; i < events.size(); i++) {
      assertThat(events.get(i).envelope().prev()).isEqualTo(json.hash(events.get(i - 1)));
    }
    assertThat(events).extracting(AuditEvent::id).doesNotHaveDuplicates().isSorted();
  }

  @Test
  void anIntactSessionHasNoFindings() {
    assertThat(verifier.verify(Events.session())).isEmpty();
  }

  @Test
  void aRemovedEventIsAGap() {
    List<AuditEvent> events = new ArrayList<>(Events.session());
    events.remove(2);

    assertThat(verifier.verify(events)).containsExactly(new ChainFinding.Gap("sess-1", 3, 3));
  }

  @Test
  void aMissingStartIsAGap() {
    List<AuditEvent> events = Events.session().subList(2, 5);

    assertThat(verifier.verify(events)).containsExactly(new ChainFinding.Gap("sess-1", 1, 2));
    assertThat(verifier.verifySlice(events)).isEmpty();
  }

  @Test
  void anAlteredFieldBreaksTheNextLink() {
    List<AuditEvent> events = new ArrayList<>(Events.session());
    AuditEvent original = events.get(1);
    events.set(1, new AuditEvent(original.envelope(), Statement.simple(1, "SELECT 2")));

    assertThat(verifier.verify(events)).containsExactly(new ChainFinding.Altered(
        "sess-1", 3, events.get(2).id(), json.hash(events.get(1)), json.hash(original)));
  }

  @Test
  void anAlteredFieldSurvivesTheJsonRoundTripAsAFinding() {
    List<AuditEvent> events = Events.session();
    String line = json.write(events.get(1)).replace("SELECT 1", "SELECT 2");
    AuditEvent tampered = ((ParseResult.Ok) json.read(line)).event();

    List<ChainFinding> findings = verifier.verify(List.of(events.get(0), tampered, events.get(2), events.get(3)));

    assertThat(findings).singleElement().isInstanceOfSatisfying(ChainFinding.Altered.class,
        a -> assertThat(a.seq()).isEqualTo(3));
  }

  @Test
  void anAlteredFirstPrevIsReported() {
    List<AuditEvent> events = new ArrayList<>(Events.session());
    Envelope e = events.get(0).envelope();
    events.set(0, new AuditEvent(new Envelope(e.id(), e.time(), e.session(), 1, e.proxy(), e.principal(),
        e.grant(), e.integration(), e.database(), e.dbRole(), "f".repeat(64)), events.get(0).body()));

    assertThat(verifier.verify(events)).contains(
        new ChainFinding.Altered("sess-1", 1, e.id(), "0".repeat(64), "f".repeat(64)));
  }

  @Test
  void aPairSwappedInTransitIsReorderedButIntact() {
    List<AuditEvent> events = new ArrayList<>(Events.session());
    java.util.Collections.swap(events, 2, 3);

    assertThat(verifier.verify(events)).containsExactly(
        new ChainFinding.Reordered("sess-1", 3, events.get(3).id(), 4));
  }

  @Test
  void aPairSwappedAndRenumberedBreaksTheChain() {
    List<AuditEvent> events = new ArrayList<>(Events.session());
    AuditEvent third = events.get(2);
    AuditEvent fourth = events.get(3);
    events.set(2, withSeq(fourth, 3));
    events.set(3, withSeq(third, 4));

    List<ChainFinding> findings = verifier.verify(events);

    assertThat(findings).hasSizeGreaterThanOrEqualTo(2).allMatch(ChainFinding.Altered.class::isInstance);
    assertThat(findings).extracting(f -> ((ChainFinding.Altered) f).seq()).contains(3L, 4L);
  }

  @Test
  void duplicatesAndConflictsAreReported() {
    List<AuditEvent> events = new ArrayList<>(Events.session());
    AuditEvent forged = Events.builder(Events.CONTEXT).append(Events.sessionStart());
    events.add(events.get(1));
    events.add(forged);

    assertThat(verifier.verify(events)).containsExactly(
        new ChainFinding.Duplicate("sess-1", 2, events.get(1).id()),
        new ChainFinding.Conflict("sess-1", 1, events.get(0).id(), forged.id()));
  }

  @Test
  void sessionsAreVerifiedIndependently() {
    List<AuditEvent> mixed = new ArrayList<>();
    List<AuditEvent> a = Events.session();
    ChainBuilder other = Events.builder(new SessionContext("sess-2", "p", null, null, null, null, null));
    List<AuditEvent> b = List.of(other.append(Events.sessionReject()));
    mixed.add(a.get(0));
    mixed.add(b.get(0));
    mixed.addAll(a.subList(1, 5));

    assertThat(verifier.verify(mixed)).isEmpty();
  }

  @Test
  void aBuilderContinuesFromAPersistedHead() {
    ChainBuilder first = Events.builder(SessionContext.admin("admin-api-0"));
    AuditEvent one = first.append(new AdminAction("grant.revoke", "bob", "grant", "g-1", java.util.Map.of()));
    ChainBuilder resumed = new ChainBuilder(SessionContext.admin("admin-api-0"), Events.ids(),
        java.time.Clock.systemUTC(), json, first.head());

    AuditEvent two = resumed.append(new AdminAction("grant.revoke", "bob", "grant", "g-2", java.util.Map.of()));

    assertThat(two.seq()).isEqualTo(2);
    assertThat(two.envelope().prev()).isEqualTo(json.hash(one));
    assertThat(verifier.verify(List.of(one, two))).isEmpty();
    assertThatThrownBy(() -> resumed.append(Events.CONTEXT, Events.sessionStart(), null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static AuditEvent withSeq(AuditEvent event, long seq) {
    Envelope e = event.envelope();
    return new AuditEvent(new Envelope(e.id(), e.time(), e.session(), seq, e.proxy(), e.principal(), e.grant(),
        e.integration(), e.database(), e.dbRole(), e.prev()), event.body());
  }
}
