package dev.jitgate.audit.event;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Test fixtures: one sample body per event type and a chain builder on a fixed clock. */
final class Events {
  static final Instant T0 = Instant.parse("2026-11-29T13:05:12.123456Z");
  static final SessionContext CONTEXT = new SessionContext(
      "sess-1", "proxy-eu-1", "alice", "g-7f3a", "prod-orders", "orders", "jit_alice_7f3a");

  private Events() {}

  static UuidV7 ids() {
    return new UuidV7(Clock.fixed(T0, ZoneOffset.UTC), new SecureRandom());
  }

  static ChainBuilder builder(SessionContext context) {
    return new ChainBuilder(context, ids(), Clock.fixed(T0, ZoneOffset.UTC), new AuditEventJson());
  }

  static SessionStart sessionStart() {
    return new SessionStart("10.1.2.3", 51234, "psql", "TLSv1.3", "TLS_AES_256_GCM_SHA384", "3.0",
        "scram-sha-256-plus");
  }

  static SessionReject sessionReject() {
    return new SessionReject("2001:db8::7", 60001, "28P01", "password authentication failed", "mallory",
        null);
  }

  static Statement extendedStatement() {
    return Statement.extended(2, "SELECT $1::text, $2::bytea, $3::int", "S_1", "", List.of(
        Parameter.ofText("héllo\nworld".getBytes(java.nio.charset.StandardCharsets.UTF_8), 100),
        Parameter.ofBinary(new byte[] {0, 1, (byte) 0xFE, (byte) 0xFF}, 100),
        Parameter.ofNull(ParameterFormat.TEXT)));
  }

  static List<EventBody> oneOfEach() {
    return List.of(
        sessionStart(),
        sessionReject(),
        Statement.simple(1, "SELECT 1; -- \"quoted\" \t tab"),
        extendedStatement(),
        Statement.functionCall(3, 1598, List.of(Parameter.ofBinary(new byte[] {0, 0, 0, 42}, 16))),
        StatementDone.ok(1, "SELECT 1", 1L, 250),
        StatementDone.failed(2, 4000, "42501", "permission denied for table orders"),
        new Copy(4, CopyDirection.IN, 1_048_576, 20_000L),
        new Copy(5, CopyDirection.OUT, 0, null),
        new SessionEnd(EndReason.REVOKED, 5120, 1_060_000, 5, 287_876_544),
        new AdminAction("access_request.approve", "bob", "access_request", "ar-1029",
            Map.of("state", "approved", "comment", "ticket OPS-12")),
        new Alert(AlertKind.GAP, "019a7c3d-0000-7000-8000-00000000000a", 4, "gap: seq 4..6 missing"),
        new Alert(AlertKind.CONFLICT, "admin-019a7c3d-0000-7000-8000-000000000001", 12,
            "conflict: seq 12 claimed by events a and b"));
  }

  /** A session of five events: start, statement, done, statement, end. */
  static List<AuditEvent> session() {
    ChainBuilder chain = builder(CONTEXT);
    return List.of(
        chain.append(sessionStart()),
        chain.append(Statement.simple(1, "SELECT 1")),
        chain.append(StatementDone.ok(1, "SELECT 1", 1L, 250)),
        chain.append(Statement.simple(2, "DELETE FROM t")),
        chain.append(new SessionEnd(EndReason.CLIENT_CLOSED, 10, 20, 2, 1000)));
  }

  /**
   * Up to 40 random characters that exercise JSON escaping: quotes, backslashes, every kind of control
   * character, non-ASCII in 2, 3 and 4 UTF-8 bytes (a surrogate pair kept whole), and SQL-ish punctuation.
   */
  static String text(Random random) {
    String alphabet = "abc XYZ_;'\"\\\n\t\r\b\f\u0001\u001f\u007f\u00e9\u0800\u4e2d\ud83d\ude00/*$1";
    StringBuilder out = new StringBuilder();
    int length = random.nextInt(40);
    for (int i = 0; i < length; i++) {
      int at = random.nextInt(alphabet.length());
      char c = alphabet.charAt(at);
      if (Character.isHighSurrogate(c)) {
        out.append(c).append(alphabet.charAt(at + 1));
      } else if (!Character.isLowSurrogate(c)) {
        out.append(c);
      }
    }
    return out.toString();
  }
}
