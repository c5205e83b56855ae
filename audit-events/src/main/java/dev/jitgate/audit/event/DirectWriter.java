package dev.jitgate.audit.event;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The canonical JSON of the events a proxy produces on its hot path (session and statement events without
 * extensions), written directly: the same text as {@link CanonicalJson#write} of {@link EventWriter#tree}, built
 * without a JSON tree. Keys are collected with their values and sorted (all v1 keys are ASCII, so
 * {@link String#compareTo} is code-point order); strings are escaped by {@link CanonicalJson}. Admin events and
 * events with extensions take the tree path.
 *
 * <p>The two types a busy proxy writes by the thousand per second, {@code statement} and {@code statement.done},
 * are written by {@link #statement} and {@link #statementDone} straight to UTF-8 in a reusable {@link Sink}, keys in
 * their canonical order by construction (no sorting, no intermediate strings), from an envelope whose fields the
 * producer encoded once ({@link Head}). Stateless: the sink and head belong to the caller.
 */
final class DirectWriter {

  /** Whether {@code event} is written by this class. */
  static boolean handles(AuditEvent event) {
    return event.extensions().isEmpty() && !(event.body() instanceof AdminAction);
  }

  /** The canonical line of {@code event}; call only when {@link #handles} is true. */
  static String write(AuditEvent event) {
    if (event.body() instanceof Statement s) {
      Sink out = new Sink(512);
      statement(out, Head.of(event.envelope()), s);
      return out.text();
    }
    if (event.body() instanceof StatementDone d) {
      Sink out = new Sink(512);
      statementDone(out, Head.of(event.envelope()), d);
      return out.text();
    }
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
      case Alert a -> {
        m.text("kind", a.kind().json());
        m.text("subject_session", a.subjectSession());
        m.number("subject_seq", a.subjectSeq());
        m.text("detail", a.detail());
      }
    }
    return m.write();
  }

  /**
   * Writes a {@code statement} event: keys in canonical (code point) order, which is database, db_role,
   * function_oid, grant, id, integration, parameters, portal_name, prev, principal, protocol, proxy, seq, session,
   * sql, statement_id, statement_name, time, type, v.
   */
  static void statement(Sink out, Head h, Statement s) {
    out.reset();
    out.ascii("{\"database\":").raw(h.database);
    out.ascii(",\"db_role\":").raw(h.dbRole);
    out.ascii(",\"function_oid\":").number(s.functionOid());
    out.ascii(",\"grant\":").raw(h.grant);
    out.ascii(",\"id\":\"").raw(h.id).ascii("\"");
    out.ascii(",\"integration\":").raw(h.integration);
    out.ascii(",\"parameters\":[");
    var parameters = s.parameters();
    for (int i = 0; i < parameters.size(); i++) {
      Parameter p = parameters.get(i);
      if (i > 0) {
        out.ascii(",");
      }
      out.ascii("{\"format\":").string(p.format().json(), "parameters");
      out.ascii(",\"original_length\":").number(p.originalLength());
      out.ascii(p.truncated() ? ",\"truncated\":true,\"value\":" : ",\"truncated\":false,\"value\":");
      if (p.value() == null) {
        out.ascii("null");
      } else {
        out.string(p.value(), "parameters[" + i + "].value");
      }
      out.ascii("}");
    }
    out.ascii("],\"portal_name\":").string(s.portalName(), "portal_name");
    out.ascii(",\"prev\":\"").raw(h.prev).ascii("\"");
    out.ascii(",\"principal\":").raw(h.principal);
    out.ascii(",\"protocol\":").string(s.protocol().json(), "protocol");
    out.ascii(",\"proxy\":").raw(h.proxy);
    out.ascii(",\"seq\":").number(h.seq);
    out.ascii(",\"session\":").raw(h.session);
    out.ascii(",\"sql\":").string(s.sql(), "sql");
    out.ascii(",\"statement_id\":").number(s.statementId());
    out.ascii(",\"statement_name\":").string(s.statementName(), "statement_name");
    out.ascii(",\"time\":\"").raw(h.time).ascii("\"");
    out.ascii(",\"type\":\"statement\",\"v\":").number(AuditEvent.VERSION).ascii("}");
  }

  /**
   * Writes a {@code statement.done} event: keys in canonical order, which is command_tag, database, db_role,
   * duration_micros, error, grant, id, integration, prev, principal, proxy, rows, seq, session, sqlstate,
   * statement_id, time, type, v.
   */
  static void statementDone(Sink out, Head h, StatementDone d) {
    out.reset();
    out.ascii("{\"command_tag\":").string(d.commandTag(), "command_tag");
    out.ascii(",\"database\":").raw(h.database);
    out.ascii(",\"db_role\":").raw(h.dbRole);
    out.ascii(",\"duration_micros\":").number(d.durationMicros());
    out.ascii(",\"error\":").string(d.error(), "error");
    out.ascii(",\"grant\":").raw(h.grant);
    out.ascii(",\"id\":\"").raw(h.id).ascii("\"");
    out.ascii(",\"integration\":").raw(h.integration);
    out.ascii(",\"prev\":\"").raw(h.prev).ascii("\"");
    out.ascii(",\"principal\":").raw(h.principal);
    out.ascii(",\"proxy\":").raw(h.proxy);
    out.ascii(",\"rows\":").number(d.rows());
    out.ascii(",\"seq\":").number(h.seq);
    out.ascii(",\"session\":").raw(h.session);
    out.ascii(",\"sqlstate\":").string(d.sqlstate(), "sqlstate");
    out.ascii(",\"statement_id\":").number(d.statementId());
    out.ascii(",\"time\":\"").raw(h.time).ascii("\"");
    out.ascii(",\"type\":\"statement.done\",\"v\":").number(AuditEvent.VERSION).ascii("}");
  }

  /**
   * The envelope of the event being written, as the fast writers need it: the context fields as JSON literals
   * (quoted and escaped, or {@code null}), encoded once per session, and the per-event id, time, seq and prev as
   * ASCII. Mutable and owned by one producer; the per-event fields are filled in before each write.
   */
  static final class Head {
    final byte[] session;
    final byte[] proxy;
    final byte[] principal;
    final byte[] grant;
    final byte[] integration;
    final byte[] database;
    final byte[] dbRole;
    /** The event id, 36 ASCII characters. */
    final byte[] id = new byte[36];
    /** The event time as {@link EventWriter#time} writes it; 27 ASCII characters for years 0..9999. */
    byte[] time = new byte[27];
    long seq;
    /** The previous event's hash, 64 lower-case hex digits. */
    final byte[] prev = new byte[64];

    /** A head for {@code context}'s session (the context was validated when it was made). */
    Head(SessionContext context) {
      this(context.session(), context.proxy(), context.principal(), context.grant(), context.integration(),
          context.database(), context.dbRole());
    }

    private Head(String session, String proxy, String principal, String grant, String integration, String database,
        String dbRole) {
      this.session = literal(session, "session");
      this.proxy = literal(proxy, "proxy");
      this.principal = literal(principal, "principal");
      this.grant = literal(grant, "grant");
      this.integration = literal(integration, "integration");
      this.database = literal(database, "database");
      this.dbRole = literal(dbRole, "db_role");
    }

    private long cachedDay = Long.MIN_VALUE;

    /**
     * Sets {@link #time} to {@code epochSecond} and {@code nanos} truncated to the microsecond, as
     * {@link EventWriter#time} writes it; the date part is computed once per day.
     */
    void time(long epochSecond, int nanos) {
      long day = Math.floorDiv(epochSecond, 86_400L);
      if (day != cachedDay || time.length != 27) {
        java.time.LocalDate date = java.time.LocalDate.ofEpochDay(day);
        if (date.getYear() < 0 || date.getYear() > 9999) {
          time = EventWriter.time(java.time.Instant.ofEpochSecond(epochSecond, nanos))
              .getBytes(StandardCharsets.US_ASCII);
          cachedDay = Long.MIN_VALUE;
          return;
        }
        time = "0000-00-00T00:00:00.000000Z".getBytes(StandardCharsets.US_ASCII);
        digits(time, 0, 4, date.getYear());
        digits(time, 5, 2, date.getMonthValue());
        digits(time, 8, 2, date.getDayOfMonth());
        cachedDay = day;
      }
      int second = (int) Math.floorMod(epochSecond, 86_400L);
      digits(time, 11, 2, second / 3600);
      digits(time, 14, 2, second / 60 % 60);
      digits(time, 17, 2, second % 60);
      digits(time, 20, 6, nanos / 1000);
    }

    private static void digits(byte[] b, int at, int width, int value) {
      for (int i = at + width - 1; i >= at; i--) {
        b[i] = (byte) ('0' + value % 10);
        value /= 10;
      }
    }

    /** A head holding a (validated) envelope's fields. */
    static Head of(Envelope e) {
      Head h = new Head(e.session(), e.proxy(), e.principal(), e.grant(), e.integration(), e.database(), e.dbRole());
      byte[] id = e.id().getBytes(StandardCharsets.US_ASCII);
      System.arraycopy(id, 0, h.id, 0, 36);
      h.time = EventWriter.time(e.time()).getBytes(StandardCharsets.US_ASCII);
      h.seq = e.seq();
      byte[] prev = e.prev().getBytes(StandardCharsets.US_ASCII);
      System.arraycopy(prev, 0, h.prev, 0, 64);
      return h;
    }

    private static byte[] literal(String value, String field) {
      Sink sink = new Sink(value == null ? 4 : value.length() * 3 + 8);
      sink.string(value, field);
      return Arrays.copyOf(sink.bytes, sink.length);
    }
  }

  /**
   * A growable byte buffer that canonical JSON is written to as UTF-8: {@link #bytes}{@code [0, length)} is the
   * text written since the last {@link #reset}. Reused by its owner for every event; not thread-safe.
   */
  static final class Sink {
    private static final byte[] UPPER_HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL = {'n', 'u', 'l', 'l'};

    byte[] bytes;
    int length;

    Sink(int capacity) {
      bytes = new byte[Math.max(16, capacity)];
    }

    void reset() {
      length = 0;
    }

    /**
     * Lets go of a buffer that grew beyond {@code keepBytes} (for one large statement) so that an idle session
     * does not hold on to it; the next write starts small again.
     */
    void trim(int keepBytes) {
      if (bytes.length > keepBytes) {
        bytes = new byte[Math.min(keepBytes, 1024)];
        length = 0;
      }
    }

    private void room(int more) {
      if (length + more > bytes.length) {
        bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
      }
    }

    /** The text written since the last reset. */
    String text() {
      return new String(bytes, 0, length, StandardCharsets.UTF_8);
    }

    /** Appends ASCII text as is (keys and punctuation). */
    Sink ascii(String text) {
      int n = text.length();
      room(n);
      byte[] b = bytes;
      int at = length;
      for (int i = 0; i < n; i++) {
        b[at + i] = (byte) text.charAt(i);
      }
      length = at + n;
      return this;
    }

    Sink raw(byte[] literal) {
      room(literal.length);
      System.arraycopy(literal, 0, bytes, length, literal.length);
      length += literal.length;
      return this;
    }

    Sink number(long value) {
      if (value >= 0 && value < 10) {
        room(1);
        bytes[length++] = (byte) ('0' + value);
        return this;
      }
      return ascii(Long.toString(value));
    }

    Sink number(Long value) {
      return value == null ? raw(NULL) : number(value.longValue());
    }

    /**
     * Appends {@code s} as a JSON string (or {@code null}), escaped exactly as {@link CanonicalJson} escapes:
     * {@code "} and backslash, the short escapes for control characters that have one and a six-character
     * escape (backslash, {@code u00XX}, upper-case hex) for the others; everything else as UTF-8. An unpaired surrogate is an error naming
     * {@code field}.
     */
    Sink string(String s, String field) {
      if (s == null) {
        return raw(NULL);
      }
      int n = s.length();
      room(n * 3 + 2);
      byte[] b = bytes;
      int at = length;
      b[at++] = '"';
      for (int i = 0; i < n; i++) {
        char c = s.charAt(i);
        if (c < 0x80) {
          if (c >= 0x20 && c != '"' && c != '\\') {
            b[at++] = (byte) c;
            continue;
          }
          length = at;
          room(6 + (n - i) * 3 + 1);
          b = bytes;
          switch (c) {
            case '"' -> { b[at++] = '\\'; b[at++] = '"'; }
            case '\\' -> { b[at++] = '\\'; b[at++] = '\\'; }
            case '\b' -> { b[at++] = '\\'; b[at++] = 'b'; }
            case '\f' -> { b[at++] = '\\'; b[at++] = 'f'; }
            case '\n' -> { b[at++] = '\\'; b[at++] = 'n'; }
            case '\r' -> { b[at++] = '\\'; b[at++] = 'r'; }
            case '\t' -> { b[at++] = '\\'; b[at++] = 't'; }
            default -> {
              b[at++] = '\\';
              b[at++] = 'u';
              b[at++] = '0';
              b[at++] = '0';
              b[at++] = UPPER_HEX[c >> 4];
              b[at++] = UPPER_HEX[c & 0xF];
            }
          }
        } else if (c < 0x800) {
          b[at++] = (byte) (0xC0 | c >> 6);
          b[at++] = (byte) (0x80 | c & 0x3F);
        } else if (!Character.isSurrogate(c)) {
          b[at++] = (byte) (0xE0 | c >> 12);
          b[at++] = (byte) (0x80 | c >> 6 & 0x3F);
          b[at++] = (byte) (0x80 | c & 0x3F);
        } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
          int cp = Character.toCodePoint(c, s.charAt(++i));
          b[at++] = (byte) (0xF0 | cp >> 18);
          b[at++] = (byte) (0x80 | cp >> 12 & 0x3F);
          b[at++] = (byte) (0x80 | cp >> 6 & 0x3F);
          b[at++] = (byte) (0x80 | cp & 0x3F);
        } else {
          throw new EventFieldException(field, "contains an unpaired surrogate (not valid Unicode)");
        }
      }
      b[at++] = '"';
      length = at;
      return this;
    }
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
