package dev.jitgate.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuditViewsTest {
  private static final Instant T = Instant.parse("2026-11-29T10:04:59.123456Z");

  private static AuditViews.Result ok(String tag, Long rows, long micros) {
    return new AuditViews.Result(false, tag, rows, micros, null, null);
  }

  @Test
  void resultsShowTheTagOrTheErrorShortened() {
    assertThat(AuditViews.result(ok("SELECT 3", 3L, 10))).isEqualTo("SELECT 3");
    assertThat(AuditViews.result(ok(null, 7L, 10))).isEqualTo("7 rows");
    assertThat(AuditViews.result(null)).isEqualTo("(no result)");
    String error = AuditViews.result(new AuditViews.Result(true, null, null, 5, "42P01",
        "relation \"a_very_long_table_name_that_goes_on_and_on\" does not exist"));
    assertThat(error).startsWith("ERROR 42P01: relation ").endsWith("…");
    assertThat(error.codePointCount(0, error.length())).isEqualTo(AuditViews.RESULT_WIDTH);
    assertThat(AuditViews.result(new AuditViews.Result(true, null, null, 5, "XX000", "bad\n\u001b[31mred")))
        .isEqualTo("ERROR XX000: bad??[31mred");
  }

  @Test
  void durationsPickTheirUnit() {
    assertThat(AuditViews.duration(ok("x", null, 0))).isEqualTo("0 µs");
    assertThat(AuditViews.duration(ok("x", null, 999))).isEqualTo("999 µs");
    assertThat(AuditViews.duration(ok("x", null, 12_345))).isEqualTo("12.3 ms");
    assertThat(AuditViews.duration(ok("x", null, 3_200_000))).isEqualTo("3.20 s");
    assertThat(AuditViews.duration(null)).isEmpty();
  }

  @Test
  void sqlIsOneShortLine() {
    assertThat(AuditViews.sql("SELECT 1\n  FROM\tdual ;", "simple")).isEqualTo("SELECT 1 FROM dual ;");
    assertThat(AuditViews.sql(null, "function_call")).isEqualTo("(function call)");
    assertThat(AuditViews.sql("x".repeat(100), null)).hasSize(AuditViews.SQL_WIDTH).endsWith("…");
  }

  @Test
  void parametersShowTextBinaryAndNull() {
    assertThat(AuditViews.params(List.of(new AuditViews.Param("text", "42", false, 2L),
        new AuditViews.Param("text", "abc", true, 5000L), new AuditViews.Param("binary", "AQI=", false, 2L),
        new AuditViews.Param("text", null, false, null)))).isEqualTo("'42', 'abc…', <binary 2 B>, NULL");
  }

  @Test
  void sessionsTableAndHeaderHandleMissingFields() {
    AuditViews.Session rejected = new AuditViews.Session("s-1", null, null, null, null, null, "proxy-1",
        "2001:db8::1", 5432, null, T, T, null, "28P01", 0, 0, null, 0, 0, null, null, 0, 0, null, false, null, false,
        null);
    assertThat(AuditViews.sessions(List.of(rejected)).render()).isEqualTo("""
        SESSION  PRINCIPAL  DATABASE  CLIENT         STARTED               ENDED                 STMTS  FAILED  FLAGS
        s-1                           [2001:db8::1]  2026-11-29 10:04:59Z  2026-11-29 10:04:59Z  0      0
        """);
    String header = AuditViews.header(rejected);
    assertThat(header).contains("Principal   -\n").contains("Client      [2001:db8::1]:5432\n")
        .contains("Ended       2026-11-29 10:04:59Z, login rejected with 28P01\n").contains("Flags       none\n")
        .contains("Statements  0, 0 failed\n");
    assertThat(AuditViews.header(new AuditViews.Session("s-2", "alice", "g", "prod", "orders", "r", null, null,
        null, null, T, null, null, null, 3, 0, Map.of("read", 3L, "write", 0L), 9, 0, null, null, 0, 0, null, false,
        null, false, List.of("many_rows")))).contains("Statements  3 (read 3), 0 failed\n")
        .contains("Ended       still open\n").contains("Flags       many_rows\n");
  }

  @Test
  void problemsAreOneLinePerFinding() {
    AuditViews.Report report = new AuditViews.Report(false, null, null, 2, 10, false, List.of(
        new AuditViews.SessionProblem("s-1", List.of("gap: seq 3..3 missing", "no session.end"))));
    assertThat(AuditViews.problems(report).render()).isEqualTo("""
        SESSION  FINDING
        s-1      gap: seq 3..3 missing
        s-1      no session.end
        """);
  }
}
