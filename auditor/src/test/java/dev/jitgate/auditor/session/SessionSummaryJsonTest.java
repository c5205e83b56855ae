package dev.jitgate.auditor.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jitgate.audit.event.EndReason;
import dev.jitgate.auditor.classify.AuditClass;
import dev.jitgate.auditor.classify.ObjectKind;
import dev.jitgate.auditor.classify.ObjectRef;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SessionSummaryJsonTest {
  private final SessionSummaryJson codec = new SessionSummaryJson();

  private static SessionSummary everyFieldSet() {
    Map<Long, Set<AuditClass>> pending = new LinkedHashMap<>();
    pending.put(9L, EnumSet.of(AuditClass.READ, AuditClass.DDL));
    pending.put(4L, EnumSet.of(AuditClass.WRITE));
    return new SessionSummary("sess-ü", "alice@example.com", "grant-7", "billing", "billing_db", "jit_alice",
        "proxy-1", "10.0.0.5", 54321, "psql \"quoted\"", Instant.parse("2026-11-29T10:00:00.123456Z"),
        Instant.parse("2026-11-29T11:00:00Z"), EndReason.REVOKED, "28000",
        Map.of(AuditClass.READ, 3L, AuditClass.WRITE, 2L, AuditClass.MISC, 1L), 6, 1, 20_003, 2, 1_000L,
        2_000_000_000_000L, 17, 19,
        List.of(new ObjectRef(ObjectKind.TABLE, "public", "accounts"), new ObjectRef(ObjectKind.ROLE, null, "bob")),
        true, Map.of("42501", 1L, "23505", 2L), true,
        EnumSet.of(SessionFlag.MANY_ROWS, SessionFlag.PERMISSION_DENIED, SessionFlag.CHAIN_BROKEN), 22, pending);
  }

  @Test
  void everyFieldRoundTrips() {
    SessionSummary summary = everyFieldSet();

    String text = codec.write(summary);

    assertThat(text).doesNotContain("\n").contains("\"rows_read\":20003");
    SessionSummary read = codec.read(text);
    assertThat(read).isEqualTo(summary);
    assertThat(read.pendingStatements().keySet()).containsExactly(9L, 4L);
  }

  @Test
  void emptySummaryRoundTrips() {
    SessionSummary empty = SessionSummary.empty("s1");
    assertThat(codec.read(codec.write(empty))).isEqualTo(empty);
    SessionSummary broken = empty.withFlag(SessionFlag.CHAIN_BROKEN);
    assertThat(codec.read(codec.write(broken))).isEqualTo(broken);
  }

  @Test
  void unknownFieldsAndEnumNamesAreIgnored() {
    String text = codec.write(SessionSummary.empty("s1").withFlag(SessionFlag.DDL))
        .replace("\"flags\":[\"DDL\"]", "\"flags\":[\"DDL\",\"FUTURE_FLAG\"],\"future\":{\"x\":[1,2]}")
        .replace("\"statements_by_class\":{", "\"statements_by_class\":{\"NEW_CLASS\":4,");

    SessionSummary read = codec.read(text);

    assertThat(read.flags()).containsExactly(SessionFlag.DDL);
    assertThat(read.statementsByClass()).doesNotContainKey(null).containsEntry(AuditClass.READ, 0L);
  }

  @Test
  void badInputNamesTheField() {
    String good = codec.write(everyFieldSet());
    assertThatThrownBy(() -> codec.read("not json")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("$:");
    assertThatThrownBy(() -> codec.read("[1]")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("$:");
    assertThatThrownBy(() -> codec.read(good.replace("\"rows_read\":20003", "\"rows_read\":\"many\"")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("rows_read:");
    assertThatThrownBy(() -> codec.read(good.replace("\"started_at\":\"2026", "\"started_at\":\"x2026")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("started_at:");
    assertThatThrownBy(() -> codec.read("{\"statements\":1}")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("session");
  }
}
