package dev.jitgate.auditor.ingest;

import dev.jitgate.audit.event.AuditEvent;
import dev.jitgate.audit.event.AuditEventJson;
import dev.jitgate.audit.event.ChainBuilder;
import dev.jitgate.audit.event.SessionContext;
import dev.jitgate.audit.event.Statement;
import dev.jitgate.audit.event.StatementDone;
import dev.jitgate.audit.event.UuidV7;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** Producer-side event chains for the ingest tests: one session of alice's on proxy-1, and its NDJSON. */
final class TestSessions {
  private final AuditEventJson json;
  private final UuidV7 ids;

  TestSessions(AuditEventJson json, UuidV7 ids) {
    this.json = json;
    this.ids = ids;
  }

  /** A new chain for {@code session}. */
  ChainBuilder chain(String session) {
    return new ChainBuilder(new SessionContext(session, "proxy-1", "alice", "grant-1", "orders", "app",
        "jit_alice"), ids, Clock.systemUTC(), json);
  }

  /** Statements {@code from..to} of {@code chain}, each an UPDATE and its statement.done. */
  static List<AuditEvent> statements(ChainBuilder chain, int from, int to) {
    List<AuditEvent> events = new ArrayList<>();
    for (int i = from; i <= to; i++) {
      events.add(chain.append(Statement.simple(i, "UPDATE invoices SET paid = true WHERE id = " + i)));
      events.add(chain.append(StatementDone.ok(i, "UPDATE 1", 1L, 50)));
    }
    return events;
  }

  /** The events as one NDJSON body. */
  String ndjson(List<AuditEvent> events) {
    return events.stream().map(json::write).collect(Collectors.joining("\n", "", "\n"));
  }
}
