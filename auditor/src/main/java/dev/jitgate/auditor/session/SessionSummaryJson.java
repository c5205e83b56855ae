package dev.jitgate.auditor.session;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jitgate.audit.event.EndReason;
import dev.jitgate.auditor.classify.AuditClass;
import dev.jitgate.auditor.classify.ObjectKind;
import dev.jitgate.auditor.classify.ObjectRef;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The stored JSON form of a {@link SessionSummary}: one object with snake_case fields, times as ISO-8601,
 * enums by name. Reading ignores unknown fields and unknown enum names (a summary written by a newer
 * version stays readable) and names the offending field when the JSON is not a summary. Thread-safe.
 */
public final class SessionSummaryJson {
  private final ObjectMapper mapper = new ObjectMapper();

  /** The summary as one line of JSON. */
  public String write(SessionSummary s) {
    ObjectNode o = mapper.createObjectNode();
    o.put("session", s.session());
    putText(o, "principal", s.principal());
    putText(o, "grant", s.grant());
    putText(o, "integration", s.integration());
    putText(o, "database", s.database());
    putText(o, "db_role", s.dbRole());
    putText(o, "proxy", s.proxy());
    putText(o, "client_address", s.clientAddress());
    if (s.clientPort() != null) {
      o.put("client_port", s.clientPort());
    }
    putText(o, "application_name", s.applicationName());
    putText(o, "started_at", s.startedAt() == null ? null : s.startedAt().toString());
    putText(o, "ended_at", s.endedAt() == null ? null : s.endedAt().toString());
    putText(o, "end_reason", s.endReason() == null ? null : s.endReason().name());
    putText(o, "reject_sqlstate", s.rejectSqlstate());
    ObjectNode byClass = o.putObject("statements_by_class");
    s.statementsByClass().forEach((c, n) -> byClass.put(c.name(), n));
    o.put("statements", s.statements());
    o.put("failed_statements", s.failedStatements());
    o.put("rows_read", s.rowsRead());
    o.put("rows_written", s.rowsWritten());
    if (s.bytesIn() != null) {
      o.put("bytes_in", s.bytesIn());
    }
    if (s.bytesOut() != null) {
      o.put("bytes_out", s.bytesOut());
    }
    o.put("copy_bytes_in", s.copyBytesIn());
    o.put("copy_bytes_out", s.copyBytesOut());
    ArrayNode objects = o.putArray("objects");
    for (ObjectRef ref : s.objects()) {
      ObjectNode r = objects.addObject();
      r.put("kind", ref.kind().name());
      putText(r, "schema", ref.schema());
      r.put("name", ref.name());
    }
    o.put("objects_truncated", s.objectsTruncated());
    ObjectNode errors = o.putObject("errors_by_sqlstate");
    s.errorsBySqlstate().forEach(errors::put);
    o.put("errors_truncated", s.errorsTruncated());
    ArrayNode flags = o.putArray("flags");
    s.flags().forEach(f -> flags.add(f.name()));
    o.put("last_seq", s.lastSeq());
    ArrayNode pending = o.putArray("pending_statements");
    s.pendingStatements().forEach((id, classes) -> {
      ObjectNode p = pending.addObject();
      p.put("statement_id", id);
      ArrayNode cs = p.putArray("classes");
      classes.forEach(c -> cs.add(c.name()));
    });
    try {
      return mapper.writeValueAsString(o);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("session summary: cannot write JSON", e);
    }
  }

  /**
   * Reads a summary written by {@link #write}.
   *
   * @throws IllegalArgumentException naming the field when {@code text} is not a summary
   */
  public SessionSummary read(String text) {
    JsonNode o;
    try {
      o = mapper.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("$: not JSON", e);
    }
    if (o == null || !o.isObject()) {
      throw new IllegalArgumentException("$: must be a JSON object");
    }
    Map<AuditClass, Long> byClass = new EnumMap<>(AuditClass.class);
    fields(o, "statements_by_class").forEach((name, n) -> {
      AuditClass c = enumOrNull(AuditClass.class, name);
      if (c != null) {
        byClass.put(c, longValue(n, "statements_by_class." + name));
      }
    });
    List<ObjectRef> objects = new ArrayList<>();
    for (JsonNode r : array(o, "objects")) {
      ObjectKind kind = enumOrNull(ObjectKind.class, text(r, "kind"));
      String name = text(r, "name");
      if (kind == null || name == null || name.isEmpty()) {
        throw new IllegalArgumentException("objects: each needs a known kind and a name");
      }
      objects.add(new ObjectRef(kind, text(r, "schema"), name));
    }
    Map<String, Long> errors = new TreeMap<>();
    fields(o, "errors_by_sqlstate").forEach((code, n) -> errors.put(code, longValue(n, "errors_by_sqlstate." + code)));
    Set<SessionFlag> flags = EnumSet.noneOf(SessionFlag.class);
    for (JsonNode f : array(o, "flags")) {
      SessionFlag flag = enumOrNull(SessionFlag.class, f.asText());
      if (flag != null) {
        flags.add(flag);
      }
    }
    Map<Long, Set<AuditClass>> pending = new LinkedHashMap<>();
    for (JsonNode p : array(o, "pending_statements")) {
      Set<AuditClass> classes = EnumSet.noneOf(AuditClass.class);
      for (JsonNode c : array(p, "classes")) {
        AuditClass known = enumOrNull(AuditClass.class, c.asText());
        if (known != null) {
          classes.add(known);
        }
      }
      pending.put(longValue(p.get("statement_id"), "pending_statements.statement_id"), classes);
    }
    String endReason = text(o, "end_reason");
    Long clientPort = optionalLong(o, "client_port");
    try {
      return new SessionSummary(text(o, "session"), text(o, "principal"), text(o, "grant"),
          text(o, "integration"), text(o, "database"), text(o, "db_role"), text(o, "proxy"),
          text(o, "client_address"), clientPort == null ? null : Math.toIntExact(clientPort),
          text(o, "application_name"), instant(o, "started_at"), instant(o, "ended_at"),
          endReason == null ? null : enumOrNull(EndReason.class, endReason), text(o, "reject_sqlstate"),
          byClass, count(o, "statements"), count(o, "failed_statements"), count(o, "rows_read"),
          count(o, "rows_written"), optionalLong(o, "bytes_in"), optionalLong(o, "bytes_out"),
          count(o, "copy_bytes_in"), count(o, "copy_bytes_out"), objects, bool(o, "objects_truncated"), errors,
          bool(o, "errors_truncated"), flags, count(o, "last_seq"), pending);
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("client_port: out of range", e);
    }
  }

  private static void putText(ObjectNode o, String name, String value) {
    if (value != null) {
      o.put(name, value);
    }
  }

  private static String text(JsonNode o, String name) {
    JsonNode n = o.get(name);
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isTextual()) {
      throw new IllegalArgumentException(name + ": must be a string");
    }
    return n.asText();
  }

  private static Instant instant(JsonNode o, String name) {
    String t = text(o, name);
    try {
      return t == null ? null : Instant.parse(t);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(name + ": must be an ISO-8601 instant", e);
    }
  }

  private static long count(JsonNode o, String name) {
    Long value = optionalLong(o, name);
    return value == null ? 0 : value;
  }

  private static Long optionalLong(JsonNode o, String name) {
    JsonNode n = o.get(name);
    return n == null || n.isNull() ? null : longValue(n, name);
  }

  private static long longValue(JsonNode n, String name) {
    if (n == null || !n.canConvertToLong() || !n.isIntegralNumber()) {
      throw new IllegalArgumentException(name + ": must be an integer");
    }
    return n.asLong();
  }

  private static boolean bool(JsonNode o, String name) {
    JsonNode n = o.get(name);
    if (n == null || n.isNull()) {
      return false;
    }
    if (!n.isBoolean()) {
      throw new IllegalArgumentException(name + ": must be true or false");
    }
    return n.asBoolean();
  }

  private static Map<String, JsonNode> fields(JsonNode o, String name) {
    JsonNode n = o.get(name);
    Map<String, JsonNode> out = new LinkedHashMap<>();
    if (n == null || n.isNull()) {
      return out;
    }
    if (!n.isObject()) {
      throw new IllegalArgumentException(name + ": must be an object");
    }
    n.properties().forEach(e -> out.put(e.getKey(), e.getValue()));
    return out;
  }

  private static Iterable<JsonNode> array(JsonNode o, String name) {
    JsonNode n = o.get(name);
    if (n == null || n.isNull()) {
      return List.of();
    }
    if (!n.isArray()) {
      throw new IllegalArgumentException(name + ": must be an array");
    }
    return n;
  }

  private static <E extends Enum<E>> E enumOrNull(Class<E> type, String name) {
    if (name == null) {
      return null;
    }
    try {
      return Enum.valueOf(type, name);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
