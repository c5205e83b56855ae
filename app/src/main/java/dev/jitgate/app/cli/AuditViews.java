package dev.jitgate.app.cli;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The audit answers of the admin API as the CLI reads them (unknown fields ignored), and their table and text
 * forms. SQL and error texts are shortened in tables; {@code --output json} has them whole.
 */
public final class AuditViews {

  /** Longest SQL shown in a table. */
  static final int SQL_WIDTH = 60;
  /** Longest result (error message) shown in a table. */
  static final int RESULT_WIDTH = 50;
  /** Longest parameter list shown in a table. */
  static final int PARAMS_WIDTH = 40;

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

  private AuditViews() {}

  /** A session's summary ({@code GET /v1/audit/sessions}). */
  public record Session(String session, String principal, String grant, String integration, String database,
      String dbRole, String proxy, String clientAddress, Integer clientPort, String applicationName,
      Instant startedAt, Instant endedAt, String endReason, String rejectSqlstate, long statements,
      long failedStatements, Map<String, Long> statementsByClass, long rowsRead, long rowsWritten, Long bytesIn,
      Long bytesOut, long copyBytesIn, long copyBytesOut, List<DbObject> objects, boolean objectsTruncated,
      Map<String, Long> errorsBySqlstate, boolean errorsTruncated, List<String> flags) {
    public Session {
      statementsByClass = statementsByClass == null ? Map.of() : statementsByClass;
      objects = objects == null ? List.of() : objects;
      errorsBySqlstate = errorsBySqlstate == null ? Map.of() : errorsBySqlstate;
      flags = flags == null ? List.of() : flags;
    }
  }

  /** A database object a session touched. */
  public record DbObject(String kind, String schema, String name) {}

  /** How a statement ended. */
  public record Result(boolean failed, String commandTag, Long rows, long durationMicros, String sqlstate,
      String error) {}

  /** A statement found by {@code GET /v1/audit/statements}. */
  public record Statement(String eventId, String session, long seq, long statementId, Instant time, String principal,
      String integration, String database, String sql, Result result) {}

  /** A bind parameter. */
  public record Param(String format, String value, boolean truncated, Long originalLength) {}

  /** A statement of {@code GET /v1/audit/sessions/{id}}. */
  public record SessionStatement(String eventId, long seq, long statementId, Instant time, String protocol,
      String sql, List<Param> parameters, Result result) {
    public SessionStatement {
      parameters = parameters == null ? List.of() : parameters;
    }
  }

  /** An integrity alert. */
  public record Alert(String kind, long seq, Instant detectedAt, String detail) {}

  /** An item of {@code GET /v1/audit/alerts}: an integrity alert with its session. */
  public record SessionAlert(String session, String kind, long seq, Instant detectedAt, String detail) {}

  /** {@code GET /v1/audit/sessions/{id}}. */
  public record Detail(Session session, List<SessionStatement> statements, List<Alert> alerts) {
    public Detail {
      statements = statements == null ? List.of() : statements;
      alerts = alerts == null ? List.of() : alerts;
    }
  }

  /** {@code GET /v1/audit/verify}. */
  public record Report(boolean intact, Instant from, Instant to, int sessionsChecked, long eventsChecked,
      boolean truncated, List<SessionProblem> problems) {
    public Report {
      problems = problems == null ? List.of() : problems;
    }
  }

  /** One session's verification findings. */
  public record SessionProblem(String session, List<String> findings) {
    public SessionProblem {
      findings = findings == null ? List.of() : findings;
    }
  }

  /** Sessions, one line each. */
  public static Table sessions(List<Session> sessions) {
    Table table = new Table("SESSION", "PRINCIPAL", "DATABASE", "CLIENT", "STARTED", "ENDED", "STMTS", "FAILED",
        "FLAGS");
    for (Session s : sessions) {
      table.row(s.session(), orEmpty(s.principal()), database(s.integration(), s.database()), client(s, false),
          time(s.startedAt()), s.endedAt() == null ? "open" : time(s.endedAt()), Long.toString(s.statements()),
          Long.toString(s.failedStatements()), String.join(",", s.flags()));
    }
    return table;
  }

  /** The header of {@code jitgate audit show}: who, grant, where from, when, what, flags. */
  public static String header(Session s) {
    List<String[]> lines = new ArrayList<>();
    lines.add(new String[] {"Session", s.session()});
    lines.add(new String[] {"Principal", orDash(s.principal())});
    lines.add(new String[] {"Grant", orDash(s.grant()) + (s.dbRole() == null ? "" : " (database role " + s.dbRole() + ")")});
    lines.add(new String[] {"Database", database(s.integration(), s.database()) + (s.proxy() == null ? "" : " via " + s.proxy())});
    lines.add(new String[] {"Client", client(s, true)});
    lines.add(new String[] {"Started", orDash(time(s.startedAt()))});
    String ended = s.endedAt() == null ? "still open"
        : time(s.endedAt()) + (s.endReason() == null ? "" : " (" + s.endReason() + ")");
    if (s.rejectSqlstate() != null) {
      ended += ", login rejected with " + s.rejectSqlstate();
    }
    lines.add(new String[] {"Ended", ended});
    lines.add(new String[] {"Statements", statements(s)});
    lines.add(new String[] {"Rows", s.rowsRead() + " read, " + s.rowsWritten() + " written"});
    if (!s.errorsBySqlstate().isEmpty()) {
      lines.add(new String[] {"Errors", s.errorsBySqlstate().entrySet().stream()
          .map(e -> e.getKey() + " ×" + e.getValue()).collect(Collectors.joining(", "))
          + (s.errorsTruncated() ? ", …" : "")});
    }
    if (!s.objects().isEmpty()) {
      lines.add(new String[] {"Objects", Table.truncate(s.objects().stream()
          .map(o -> o.schema() == null ? o.name() : o.schema() + "." + o.name())
          .collect(Collectors.joining(", ")) + (s.objectsTruncated() ? ", …" : ""), 200)});
    }
    lines.add(new String[] {"Flags", s.flags().isEmpty() ? "none" : String.join(", ", s.flags())});
    StringBuilder out = new StringBuilder();
    for (String[] line : lines) {
      out.append(String.format(Locale.ROOT, "%-11s %s", line[0], Table.safe(line[1])).stripTrailing()).append('\n');
    }
    return out.toString();
  }

  /** A session's statements in order: number, time, SQL, parameters (when any), result, duration. */
  public static Table sessionStatements(List<SessionStatement> statements) {
    boolean withParams = statements.stream().anyMatch(s -> !s.parameters().isEmpty());
    Table table = withParams
        ? new Table("#", "TIME", "SQL", "PARAMS", "RESULT", "DURATION")
        : new Table("#", "TIME", "SQL", "RESULT", "DURATION");
    for (SessionStatement s : statements) {
      String sql = sql(s.sql(), s.protocol());
      if (withParams) {
        table.row(Long.toString(s.statementId()), time(s.time()), sql, params(s.parameters()), result(s.result()),
            duration(s.result()));
      } else {
        table.row(Long.toString(s.statementId()), time(s.time()), sql, result(s.result()), duration(s.result()));
      }
    }
    return table;
  }

  /** The alerts of a session, one line each, or empty text when there are none. */
  public static String alerts(List<Alert> alerts) {
    StringBuilder out = new StringBuilder();
    for (Alert a : alerts) {
      out.append(Table.safe("  " + a.kind() + " at seq " + a.seq() + " (found " + time(a.detectedAt()) + "): "
          + a.detail())).append('\n');
    }
    return out.toString();
  }

  /** Integrity alerts across sessions, newest first. */
  public static Table sessionAlerts(List<SessionAlert> alerts) {
    Table table = new Table("FOUND", "SESSION", "KIND", "SEQ", "DETAIL");
    for (SessionAlert a : alerts) {
      table.row(time(a.detectedAt()), a.session(), a.kind(), Long.toString(a.seq()), a.detail());
    }
    return table;
  }

  /** Statements found by a search, newest first. */
  public static Table statements(List<Statement> statements) {
    Table table = new Table("TIME", "SESSION", "#", "PRINCIPAL", "DATABASE", "SQL", "RESULT");
    for (Statement s : statements) {
      table.row(time(s.time()), s.session(), Long.toString(s.statementId()), orEmpty(s.principal()),
          database(s.integration(), s.database()), sql(s.sql(), null), result(s.result()));
    }
    return table;
  }

  /** The sessions with findings, one line per finding. */
  public static Table problems(Report report) {
    Table table = new Table("SESSION", "FINDING");
    for (SessionProblem p : report.problems()) {
      if (p.findings().isEmpty()) {
        table.row(p.session(), "");
      }
      for (String finding : p.findings()) {
        table.row(p.session(), finding);
      }
    }
    return table;
  }

  /** UTC, to the second: {@code 2026-11-29 14:05:09Z}. */
  static String time(Instant instant) {
    return instant == null ? "" : TIME.format(instant);
  }

  /** SQL on one line (runs of white space become one space), shortened. */
  static String sql(String sql, String protocol) {
    if (sql == null) {
      return "function_call".equals(protocol) ? "(function call)" : "";
    }
    return Table.truncate(Table.safe(sql.strip().replaceAll("\\s+", " ")), SQL_WIDTH);
  }

  /** {@code SELECT 3}, {@code ERROR 42501: permission denied …}, or {@code (no result)}. */
  static String result(Result r) {
    if (r == null) {
      return "(no result)";
    }
    if (r.failed()) {
      return Table.truncate(Table.safe("ERROR " + orEmpty(r.sqlstate()) + ": " + orEmpty(r.error())), RESULT_WIDTH);
    }
    if (r.commandTag() != null) {
      return Table.safe(r.commandTag());
    }
    return r.rows() == null ? "ok" : r.rows() + " rows";
  }

  /** {@code 250 µs}, {@code 12.5 ms}, {@code 3.20 s}; empty without a result. */
  static String duration(Result r) {
    if (r == null) {
      return "";
    }
    long us = r.durationMicros();
    if (us < 1_000) {
      return us + " µs";
    }
    if (us < 1_000_000) {
      return String.format(Locale.ROOT, "%.1f ms", us / 1_000.0);
    }
    return String.format(Locale.ROOT, "%.2f s", us / 1_000_000.0);
  }

  /** {@code 'gift…', <binary 2 B>, NULL}, shortened. */
  static String params(List<Param> params) {
    String text = params.stream().map(p -> {
      if (p.value() == null) {
        return "NULL";
      }
      if ("binary".equals(p.format())) {
        return "<binary " + (p.originalLength() == null ? "?" : p.originalLength()) + " B>";
      }
      return "'" + p.value() + (p.truncated() ? "…" : "") + "'";
    }).collect(Collectors.joining(", "));
    return Table.truncate(Table.safe(text), PARAMS_WIDTH);
  }

  private static String statements(Session s) {
    String byClass = s.statementsByClass().entrySet().stream()
        .filter(e -> e.getValue() != null && e.getValue() > 0)
        .map(e -> e.getKey() + " " + e.getValue())
        .collect(Collectors.joining(", "));
    return s.statements() + (byClass.isEmpty() ? "" : " (" + byClass + ")") + ", " + s.failedStatements() + " failed";
  }

  private static String client(Session s, boolean detailed) {
    if (s.clientAddress() == null) {
      return "";
    }
    String address = s.clientAddress().contains(":") ? "[" + s.clientAddress() + "]" : s.clientAddress();
    String where = detailed && s.clientPort() != null ? address + ":" + s.clientPort() : address;
    return s.applicationName() == null || s.applicationName().isEmpty() ? where
        : where + (detailed ? ", application " : " (") + s.applicationName() + (detailed ? "" : ")");
  }

  private static String database(String integration, String database) {
    if (integration == null && database == null) {
      return "";
    }
    return orEmpty(integration) + "/" + orEmpty(database);
  }

  private static String orEmpty(String text) {
    return text == null ? "" : text;
  }

  private static String orDash(String text) {
    return text == null || text.isEmpty() ? "-" : text;
  }
}
