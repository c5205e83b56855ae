package dev.jitgate.auditor.bench;

import dev.jitgate.audit.event.AuditEvent;
import dev.jitgate.audit.event.AuditEventJson;
import dev.jitgate.audit.event.ChainBuilder;
import dev.jitgate.audit.event.EndReason;
import dev.jitgate.audit.event.Parameter;
import dev.jitgate.audit.event.SessionContext;
import dev.jitgate.audit.event.SessionEnd;
import dev.jitgate.audit.event.SessionStart;
import dev.jitgate.audit.event.Statement;
import dev.jitgate.audit.event.StatementDone;
import dev.jitgate.audit.event.UuidV7;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

/**
 * Produces batches of audit events the way one proxy's shipper sends them: {@code sessions} concurrent
 * sessions whose {@code statement} / {@code statement.done} pairs are interleaved, {@code batchSize}
 * events per batch; a session ends after {@code statementsPerSession} statements and a new one starts in
 * its place (so session.start and session.end appear, and new sessions are looked up in the store). The
 * SQL is a mix of simple and extended-protocol statements with text parameters, reads and writes.
 */
final class BatchSource {
  private static final String[] SIMPLE = {
      "SELECT o.id, o.total, c.name FROM orders o JOIN customers c ON c.id = o.customer_id"
          + " WHERE o.created_at > now() - interval '1 day' AND c.region = 'eu-west' ORDER BY o.total DESC LIMIT 50",
      "UPDATE invoices SET paid = true, paid_at = now() WHERE id = %d",
      "INSERT INTO audit_notes (invoice_id, author, body) VALUES (%d, 'alice', 'checked against the ledger')",
      "SELECT count(*) FROM payments WHERE status = 'failed' AND attempted_at >= date_trunc('hour', now())",
      "WITH recent AS (SELECT * FROM events WHERE ts > now() - interval '5 minutes')"
          + " SELECT kind, count(*) FROM recent GROUP BY kind",
      "BEGIN",
      "COMMIT",
  };
  private static final String[] EXTENDED = {
      "SELECT id, email, plan FROM accounts WHERE id = $1",
      "UPDATE accounts SET plan = $1, updated_at = now() WHERE id = $2",
      "SELECT * FROM order_lines WHERE order_id = $1 AND sku = ANY($2)",
      "DELETE FROM sessions_cache WHERE expires_at < $1",
  };

  private final AuditEventJson json;
  private final String proxy;
  private final int batchSize;
  private final int statementsPerSession;
  private final UuidV7 ids = new UuidV7(Clock.systemUTC(), new SecureRandom());
  private final SplittableRandom random = new SplittableRandom(42);
  private final Live[] live;
  private int nextSession;
  private int cursor;
  private final ArrayDeque<AuditEvent> pending = new ArrayDeque<>();

  /** One open session: its chain and how many statements it ran. */
  private static final class Live {
    ChainBuilder chain;
    long statements;
  }

  BatchSource(AuditEventJson json, String proxy, int sessions, int batchSize, int statementsPerSession) {
    this.json = json;
    this.proxy = proxy;
    this.batchSize = batchSize;
    this.statementsPerSession = statementsPerSession;
    this.live = new Live[sessions];
    for (int i = 0; i < sessions; i++) {
      live[i] = new Live();
    }
  }

  /** The next batch, exactly {@code batchSize} events (a pair may be split across two batches). */
  List<AuditEvent> next() {
    while (pending.size() < batchSize) {
      produce(live[cursor++ % live.length]);
    }
    List<AuditEvent> batch = new ArrayList<>(batchSize);
    for (int i = 0; i < batchSize; i++) {
      batch.add(pending.removeFirst());
    }
    return batch;
  }

  /** The session's next event(s): its start, a statement with its done, or its end. */
  private void produce(Live s) {
    if (s.chain == null) {
      String id = proxy + "-" + (nextSession++);
      s.chain = new ChainBuilder(new SessionContext(id, proxy, "engineer" + (nextSession % 17),
          "grant-" + id, "prod-orders", "orders", "jit_engineer"), ids, Clock.systemUTC(), json);
      s.statements = 0;
      pending.add(s.chain.append(new SessionStart("10.1.2." + (nextSession % 250), 40000 + nextSession % 20000,
          "PostgreSQL JDBC Driver", "TLSv1.3", "TLS_AES_256_GCM_SHA384", "3.0", "scram-sha-256")));
    } else if (s.statements == statementsPerSession) {
      pending.add(s.chain.append(new SessionEnd(EndReason.CLIENT_CLOSED, 120_000, 900_000, s.statements,
          60_000_000)));
      s.chain = null;
    } else {
      long statementId = ++s.statements;
      pending.add(s.chain.append(statement(statementId)));
      pending.add(s.chain.append(done(statementId)));
    }
  }

  /** NDJSON of {@code batch}, one canonical line per event. */
  String ndjson(List<AuditEvent> batch) {
    return batch.stream().map(json::write).collect(Collectors.joining("\n", "", "\n"));
  }

  private Statement statement(long statementId) {
    int pick = random.nextInt(SIMPLE.length + EXTENDED.length);
    if (pick < SIMPLE.length) {
      return Statement.simple(statementId, SIMPLE[pick].formatted(random.nextInt(1_000_000)));
    }
    String sql = EXTENDED[pick - SIMPLE.length];
    List<Parameter> parameters = new ArrayList<>();
    for (int i = 0; i < sql.chars().filter(c -> c == '$').count(); i++) {
      parameters.add(Parameter.ofText(String.valueOf(random.nextInt(1_000_000)).getBytes(StandardCharsets.UTF_8),
          1024));
    }
    return Statement.extended(statementId, sql, "S_" + pick, "", parameters);
  }

  private StatementDone done(long statementId) {
    int r = random.nextInt(100);
    if (r == 0) {
      return StatementDone.failed(statementId, 150, "23505", "duplicate key value violates unique constraint");
    }
    return StatementDone.ok(statementId, "SELECT " + (r % 20), (long) (r % 20), 200 + r * 10L);
  }
}
