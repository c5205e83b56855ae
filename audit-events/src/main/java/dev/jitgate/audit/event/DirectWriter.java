package dev.jitgate.audit.event;

import java.util.Arrays;

/**
 * The canonical JSON of the events a proxy produces on its hot path (session and statement events without
 * extensions), written directly: the same text as {@link CanonicalJson#write} of {@link EventWriter#tree}, built
 * without a JSON tree. Keys are collected with their values and sorted (all v1 keys are ASCII, so
 * {@link String#compareTo} is code-point order); strings are escaped by {@link CanonicalJson}. Admin events and
 * events with extensions take the tree path. Stateless: every call uses its own buffers.
 */
final class DirectWriter {

  /** Whether {@code event} is written by this class. */
  static boolean handles(AuditEvent event) {
    return event.extensions().isEmpty() && !(event.body() instanceof AdminAction);
  }

  /** The canonical line of {@code event}; call only when {@link #handles} is true. */
  static String write(AuditEvent event) {
    Members m = new Members();
    Envelope e = event.envelope();
    m.number("v", AuditEvent.VERSION);
    m.text("id", e.id());
    m.text("type", event.type());
    m.text("time", EventWriter.time(e.time()));
    m.text("session", e.session());
    m.number("seq", e.seq());
    m.text("proxy", e.proxy());
    m.text("principal", e.principal());
    m.text("grant", e.grant());
    m.text("integration", e.integration());
    m.text("database", e.database());
    m.text("db_role", e.dbRole());
    m.text("prev", e.prev());
    switch (event.body()) {
      case SessionStart s -> {
        m.text("client_address", s.clientAddress());
        m.number("client_port", s.clientPort());
        m.text("application_name", s.applicationName());
        m.text("tls_version", s.tlsVersion());
        m.text("tls_cipher", s.tlsCipher());
        m.text("protocol_version", s.protocolVersion());
        m.text("auth_method", s.authMethod());
      }
      case SessionReject r -> {
        m.text("client_address", r.clientAddress());
        m.number("client_port", r.clientPort());
        m.text("sqlstate", r.sqlstate());
        m.text("reason", r.reason());
        m.text("requested_user", r.requestedUser());
        m.text("requested_database", r.requestedDatabase());
      }
      case Statement s -> {
        m.number("statement_id", s.statementId());
        m.text("sql", s.sql());
        m.text("protocol", s.protocol().json());
        m.text("statement_name", s.statementName());
        m.text("portal_name", s.portalName());
        m.raw("parameters", parameters(s));
        m.number("function_oid", s.functionOid());
      }
      case StatementDone d -> {
        m.number("statement_id", d.statementId());
        m.text("command_tag", d.commandTag());
        m.number("rows", d.rows());
        m.number("duration_micros", d.durationMicros());
        m.text("sqlstate", d.sqlstate());
        m.text("error", d.error());
      }
      case Copy c -> {
        m.number("statement_id", c.statementId());
        m.text("direction", c.direction().json());
        m.number("bytes", c.bytes());
        m.number("rows", c.rows());
      }
      case SessionEnd s -> {
        m.text("reason", s.reason().json());
        m.number("bytes_in", s.bytesIn());
        m.number("bytes_out", s.bytesOut());
        m.number("statements", s.statements());
        m.number("duration_micros", s.durationMicros());
      }
      case AdminAction a -> throw new IllegalArgumentException("admin events take the tree path");
    }
    return m.write();
  }

  /** The parameters array; each object's keys in canonical order: format, original_length, truncated, value. */
  private static String parameters(Statement s) {
    StringBuilder out = new StringBuilder(32 + 64 * s.parameters().size());
    out.append('[');
    for (int i = 0; i < s.parameters().size(); i++) {
      Parameter p = s.parameters().get(i);
      if (i > 0) {
        out.append(',');
      }
      out.append("{\"format\":");
      CanonicalJson.string(p.format().json(), out, "parameters");
      out.append(",\"original_length\":").append(p.originalLength() == null ? "null" : p.originalLength().toString());
      out.append(",\"truncated\":").append(p.truncated());
      out.append(",\"value\":");
      if (p.value() == null) {
        out.append("null");
      } else {
        CanonicalJson.string(p.value(), out, "parameters[" + i + "].value");
      }
      out.append('}');
    }
    return out.append(']').toString();
  }

  /** The members of one object, rendered as they are added and written sorted by key. */
  private static final class Members {
    private String[] keys = new String[24];
    private String[] values = new String[24];
    private int size;

    void text(String key, String value) {
      if (value == null) {
        add(key, "null");
        return;
      }
      StringBuilder out = new StringBuilder(value.length() + 2);
      CanonicalJson.string(value, out, key);
      add(key, out.toString());
    }

    void number(String key, long value) {
      add(key, Long.toString(value));
    }

    void number(String key, Long value) {
      add(key, value == null ? "null" : value.toString());
    }

    void raw(String key, String json) {
      add(key, json);
    }

    private void add(String key, String json) {
      if (size == keys.length) {
        keys = Arrays.copyOf(keys, size * 2);
        values = Arrays.copyOf(values, size * 2);
      }
      keys[size] = key;
      values[size] = json;
      size++;
    }

    String write() {
      // insertion sort: ~20 members, mostly in a stable order
      for (int i = 1; i < size; i++) {
        String k = keys[i];
        String v = values[i];
        int j = i - 1;
        while (j >= 0 && keys[j].compareTo(k) > 0) {
          keys[j + 1] = keys[j];
          values[j + 1] = values[j];
          j--;
        }
        keys[j + 1] = k;
        values[j + 1] = v;
      }
      int length = 2;
      for (int i = 0; i < size; i++) {
        length += keys[i].length() + values[i].length() + 4;
      }
      StringBuilder out = new StringBuilder(length);
      out.append('{');
      for (int i = 0; i < size; i++) {
        if (i > 0) {
          out.append(',');
        }
        out.append('"').append(keys[i]).append("\":").append(values[i]);
      }
      return out.append('}').toString();
    }
  }

  private DirectWriter() {}
}
