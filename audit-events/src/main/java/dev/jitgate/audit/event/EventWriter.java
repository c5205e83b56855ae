package dev.jitgate.audit.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Turns an {@link AuditEvent} into its JSON tree (every v1 field present, absent values as null). */
final class EventWriter {
  static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

  private final JsonNodeFactory nodes = JsonNodeFactory.instance;

  /** {@code time} as {@link #TIME} writes it; by hand for years 0..9999 (the formatter is slow on hot paths). */
  static String time(java.time.Instant t) {
    java.time.LocalDateTime d = java.time.LocalDateTime.ofEpochSecond(t.getEpochSecond(), t.getNano(), ZoneOffset.UTC);
    if (d.getYear() < 0 || d.getYear() > 9999) {
      return TIME.format(t);
    }
    char[] c = "0000-00-00T00:00:00.000000Z".toCharArray();
    digits(c, 0, 4, d.getYear());
    digits(c, 5, 2, d.getMonthValue());
    digits(c, 8, 2, d.getDayOfMonth());
    digits(c, 11, 2, d.getHour());
    digits(c, 14, 2, d.getMinute());
    digits(c, 17, 2, d.getSecond());
    digits(c, 20, 6, d.getNano() / 1000);
    return new String(c);
  }

  private static void digits(char[] c, int at, int width, int value) {
    for (int i = at + width - 1; i >= at; i--) {
      c[i] = (char) ('0' + value % 10);
      value /= 10;
    }
  }

  ObjectNode tree(AuditEvent event) {
    ObjectNode o = nodes.objectNode();
    Envelope e = event.envelope();
    o.put("v", AuditEvent.VERSION);
    o.put("id", e.id());
    o.put("type", event.type());
    o.put("time", time(e.time()));
    o.put("session", e.session());
    o.put("seq", e.seq());
    o.put("proxy", e.proxy());
    o.put("principal", e.principal());
    o.put("grant", e.grant());
    o.put("integration", e.integration());
    o.put("database", e.database());
    o.put("db_role", e.dbRole());
    o.put("prev", e.prev());
    body(event.body(), o);
    event.extensions().forEach((name, json) -> {
      if (o.has(name)) {
        throw new EventFieldException(name, "is a field of " + event.type() + ", not an extension");
      }
      o.set(name, parseExtension(name, json));
    });
    return o;
  }

  private void body(EventBody body, ObjectNode o) {
    switch (body) {
      case SessionStart s -> {
        o.put("client_address", s.clientAddress());
        o.put("client_port", s.clientPort());
        o.put("application_name", s.applicationName());
        o.put("tls_version", s.tlsVersion());
        o.put("tls_cipher", s.tlsCipher());
        o.put("protocol_version", s.protocolVersion());
        o.put("auth_method", s.authMethod());
      }
      case SessionReject r -> {
        o.put("client_address", r.clientAddress());
        o.put("client_port", r.clientPort());
        o.put("sqlstate", r.sqlstate());
        o.put("reason", r.reason());
        o.put("requested_user", r.requestedUser());
        o.put("requested_database", r.requestedDatabase());
      }
      case Statement s -> {
        o.put("statement_id", s.statementId());
        o.put("sql", s.sql());
        o.put("protocol", s.protocol().json());
        o.put("statement_name", s.statementName());
        o.put("portal_name", s.portalName());
        ArrayNode params = o.putArray("parameters");
        for (Parameter p : s.parameters()) {
          ObjectNode po = params.addObject();
          po.put("format", p.format().json());
          po.put("value", p.value());
          po.put("truncated", p.truncated());
          po.put("original_length", p.originalLength());
        }
        o.put("function_oid", s.functionOid());
      }
      case StatementDone d -> {
        o.put("statement_id", d.statementId());
        o.put("command_tag", d.commandTag());
        o.put("rows", d.rows());
        o.put("duration_micros", d.durationMicros());
        o.put("sqlstate", d.sqlstate());
        o.put("error", d.error());
      }
      case Copy c -> {
        o.put("statement_id", c.statementId());
        o.put("direction", c.direction().json());
        o.put("bytes", c.bytes());
        o.put("rows", c.rows());
      }
      case SessionEnd s -> {
        o.put("reason", s.reason().json());
        o.put("bytes_in", s.bytesIn());
        o.put("bytes_out", s.bytesOut());
        o.put("statements", s.statements());
        o.put("duration_micros", s.durationMicros());
      }
      case AdminAction a -> {
        o.put("action", a.action());
        o.put("actor", a.actor());
        o.put("target_kind", a.targetKind());
        o.put("target_id", a.targetId());
        ObjectNode details = o.putObject("details");
        a.details().forEach(details::put);
      }
      case Alert a -> {
        o.put("kind", a.kind().json());
        o.put("subject_session", a.subjectSession());
        o.put("subject_seq", a.subjectSeq());
        o.put("detail", a.detail());
      }
    }
  }

  private static JsonNode parseExtension(String name, String json) {
    try {
      return CanonicalJson.parse(json);
    } catch (com.fasterxml.jackson.core.JacksonException e) {
      throw new IllegalStateException("extension " + name + " was validated as JSON", e);
    }
  }
}
