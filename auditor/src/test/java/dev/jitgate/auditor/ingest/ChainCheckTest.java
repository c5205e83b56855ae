package dev.jitgate.auditor.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jitgate.audit.event.AuditEvent;
import dev.jitgate.audit.event.AuditEventJson;
import dev.jitgate.audit.event.ChainBuilder;
import dev.jitgate.audit.event.ChainFinding;
import dev.jitgate.audit.event.ChainLink;
import dev.jitgate.audit.event.ChainVerifier;
import dev.jitgate.audit.event.Envelope;
import dev.jitgate.audit.event.SessionContext;
import dev.jitgate.audit.event.Statement;
import dev.jitgate.audit.event.UuidV7;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link ChainCheck} on a fresh session finds exactly what {@link ChainVerifier#verify} finds. */
class ChainCheckTest {
  private final AuditEventJson json = new AuditEventJson();
  private final UuidV7 ids = new UuidV7(Clock.systemUTC(), new SecureRandom());
  private final MessageDigest sha256 = CanonicalEvent.sha256();

  @Test
  void agreesWithTheChainVerifierOnMangledBatches() {
    Random random = new Random(20261129);
    int withFindings = 0;
    for (int round = 0; round < 300; round++) {
      ChainBuilder chain = new ChainBuilder(
          new SessionContext("s", "proxy-1", "alice", "g", "i", "d", "r"), ids, Clock.systemUTC(), json);
      List<AuditEvent> events = new ArrayList<>();
      for (int i = 1; i <= 10; i++) {
        events.add(chain.append(Statement.simple(i, "SELECT " + i)));
      }
      int mutations = random.nextInt(3);
      for (int m = 0; m < mutations; m++) {
        mutate(events, random);
      }
      List<ChainFinding> expected = new ChainVerifier(json).verify(events).stream()
          .filter(f -> !(f instanceof ChainFinding.Duplicate)).toList();

      ChainCheck.Result result = new ChainCheck().check("s", ChainLink.GENESIS,
          events.stream().map(e -> CanonicalEvent.of(json, e, sha256)).toList(), List::of);

      assertThat(result.findings()).as("round %d", round).containsExactlyInAnyOrderElementsOf(expected);
      assertThat(result.fresh()).extracting(c -> c.event().seq()).isSorted().doesNotHaveDuplicates();
      withFindings += expected.isEmpty() ? 0 : 1;
    }
    assertThat(withFindings).isGreaterThan(100);
  }

  private void mutate(List<AuditEvent> events, Random random) {
    int i = random.nextInt(events.size());
    AuditEvent e = events.get(i);
    switch (random.nextInt(5)) {
      case 0 -> events.remove(i);
      case 1 -> events.add(random.nextInt(events.size() + 1), e);
      case 2 -> events.set(i, new AuditEvent(e.envelope(), Statement.simple(99, "SELECT 'changed'")));
      case 3 -> {
        int j = random.nextInt(events.size());
        events.set(i, events.get(j));
        events.set(j, e);
      }
      default -> {
        Envelope x = e.envelope();
        events.add(new AuditEvent(new Envelope(ids.nextString(), x.time(), x.session(), x.seq(), x.proxy(),
            x.principal(), x.grant(), x.integration(), x.database(), x.dbRole(), x.prev()),
            Statement.simple(98, "SELECT 'forged'")));
      }
    }
  }
}
