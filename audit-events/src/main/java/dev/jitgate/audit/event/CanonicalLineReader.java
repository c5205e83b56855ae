package dev.jitgate.audit.event;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The auditor's fast path for the two event types a proxy sends by the thousand per second: reads a
 * {@code statement} or {@code statement.done} line that is exactly in v1 canonical form, as {@link DirectWriter}
 * writes it, in one pass over its characters, without a JSON tree.
 *
 * <p>It accepts only what the canonical writer produces: no white space, the type's members in their fixed
 * (code point) order and no others, integers without leading zeros, and strings escaped exactly as
 * {@link DirectWriter.Sink#string} escapes them ({@code \"}, {@code \\}, the short escapes of control characters
 * that have one, a six-character {@code u00XX} escape in upper-case hex for the other control characters,
 * everything else as is), and no string longer than {@link CanonicalJson#MAX_STRING_CHARS}, the general reader's
 * limit.
 * The writer is a function of the event and this reader is its inverse on that set, so a line it accepts is the
 * canonical line of the event it returns. Anything else, including every invalid line, gives {@code null}: the
 * caller then takes the general path ({@link EventReader}), which accepts or rejects the line with its exact
 * reason. Stateless.
 */
final class CanonicalLineReader {
  private static final String STATEMENT_TAIL = tail(Statement.TYPE);
  private static final String DONE_TAIL = tail(StatementDone.TYPE);

  /** The last members of a line of event type {@code type}: its type and the version, which sort last. */
  private static String tail(String type) {
    return ",\"type\":\"" + type + "\",\"v\":" + AuditEvent.VERSION + "}";
  }

  /** The event of canonical line {@code text}, or null when {@code text} is not such a line. */
  static ParseResult read(int line, String text) {
    if (text == null) {
      return null;
    }
    try {
      Cursor c = new Cursor(text);
      AuditEvent event;
      if (text.startsWith("{\"database\":")) {
        event = statement(c);
      } else if (text.startsWith("{\"command_tag\":")) {
        event = statementDone(c);
      } else {
        return null;
      }
      return new ParseResult.Ok(line, event, text);
    } catch (NotCanonical | RuntimeException e) {
      return null; // not a canonical statement line, or an invalid one: the general path says which
    }
  }

  /**
   * Members in canonical order: database, db_role, function_oid, grant, id, integration, parameters, portal_name,
   * prev, principal, protocol, proxy, seq, session, sql, statement_id, statement_name, time, type, v.
   */
  private static AuditEvent statement(Cursor c) throws NotCanonical {
    String database = c.member("{\"database\":").optionalString();
    String dbRole = c.member(",\"db_role\":").optionalString();
    Long functionOid = c.member(",\"function_oid\":").optionalInteger();
    String grant = c.member(",\"grant\":").optionalString();
    String id = c.member(",\"id\":").string();
    String integration = c.member(",\"integration\":").optionalString();
    List<Parameter> parameters = c.member(",\"parameters\":").parameters();
    String portalName = c.member(",\"portal_name\":").optionalString();
    String prev = c.member(",\"prev\":").string();
    String principal = c.member(",\"principal\":").optionalString();
    String protocol = c.member(",\"protocol\":").string();
    String proxy = c.member(",\"proxy\":").string();
    long seq = c.member(",\"seq\":").integer();
    String session = c.member(",\"session\":").string();
    String sql = c.member(",\"sql\":").optionalString();
    long statementId = c.member(",\"statement_id\":").integer();
    String statementName = c.member(",\"statement_name\":").optionalString();
    String time = c.member(",\"time\":").string();
    c.end(STATEMENT_TAIL);
    Envelope envelope = envelope(id, time, session, seq, proxy, principal, grant, integration, database, dbRole,
        prev);
    Protocol parsed = Protocol.fromJson(protocol).orElseThrow(NotCanonical::new);
    return new AuditEvent(envelope,
        new Statement(statementId, sql, parsed, statementName, portalName, parameters, functionOid), Map.of());
  }

  /**
   * Members in canonical order: command_tag, database, db_role, duration_micros, error, grant, id, integration,
   * prev, principal, proxy, rows, seq, session, sqlstate, statement_id, time, type, v.
   */
  private static AuditEvent statementDone(Cursor c) throws NotCanonical {
    String commandTag = c.member("{\"command_tag\":").optionalString();
    String database = c.member(",\"database\":").optionalString();
    String dbRole = c.member(",\"db_role\":").optionalString();
    long durationMicros = c.member(",\"duration_micros\":").integer();
    String error = c.member(",\"error\":").optionalString();
    String grant = c.member(",\"grant\":").optionalString();
    String id = c.member(",\"id\":").string();
    String integration = c.member(",\"integration\":").optionalString();
    String prev = c.member(",\"prev\":").string();
    String principal = c.member(",\"principal\":").optionalString();
    String proxy = c.member(",\"proxy\":").string();
    Long rows = c.member(",\"rows\":").optionalInteger();
    long seq = c.member(",\"seq\":").integer();
    String session = c.member(",\"session\":").string();
    String sqlstate = c.member(",\"sqlstate\":").optionalString();
    long statementId = c.member(",\"statement_id\":").integer();
    String time = c.member(",\"time\":").string();
    c.end(DONE_TAIL);
    Envelope envelope = envelope(id, time, session, seq, proxy, principal, grant, integration, database, dbRole,
        prev);
    return new AuditEvent(envelope,
        new StatementDone(statementId, commandTag, rows, durationMicros, sqlstate, error), Map.of());
  }

  /**
   * The envelope, with {@link EventReader}'s own checks (their {@link EventFieldException} means: take the general
   * path, which reports it).
   */
  private static Envelope envelope(String id, String time, String session, long seq, String proxy,
      String principal, String grant, String integration, String database, String dbRole, String prev) {
    return new Envelope(EventReader.id(id), EventReader.time(time), session, EventReader.seq(seq), proxy, principal,
        grant, integration, database, dbRole, prev);
  }

  /** The line is not a canonical statement line (thrown without a stack trace, caught in {@link #read}). */
  private static final class NotCanonical extends Exception {
    NotCanonical() {
      super(null, null, false, false);
    }
  }

  /** A position in the line and the canonical value readers. */
  private static final class Cursor {
    private final String s;
    private int at;

    Cursor(String s) {
      this.s = s;
    }

    /** Consumes {@code prefix} (a member's punctuation and name) or fails. */
    Cursor member(String prefix) throws NotCanonical {
      if (!s.startsWith(prefix, at)) {
        throw new NotCanonical();
      }
      at += prefix.length();
      return this;
    }

    /** Consumes {@code tail}, which must end the line. */
    void end(String tail) throws NotCanonical {
      if (s.length() - at != tail.length() || !s.startsWith(tail, at)) {
        throw new NotCanonical();
      }
      at = s.length();
    }

    private boolean isNull() {
      if (s.startsWith("null", at)) {
        at += 4;
        return true;
      }
      return false;
    }

    String optionalString() throws NotCanonical {
      return isNull() ? null : string();
    }

    /** A string in canonical escaping (see the class comment). */
    String string() throws NotCanonical {
      if (at >= s.length() || s.charAt(at) != '"') {
        throw new NotCanonical();
      }
      int start = at + 1;
      int i = start;
      int n = s.length();
      while (i < n) { // the common case: no escape, no control character, no surrogate
        char ch = s.charAt(i);
        if (ch == '"') {
          if (i - start > CanonicalJson.MAX_STRING_CHARS) {
            throw new NotCanonical(); // the general path rejects it with its reason
          }
          at = i + 1;
          return s.substring(start, i);
        }
        if (ch == '\\' || ch < 0x20 || Character.isSurrogate(ch)) {
          break;
        }
        i++;
      }
      StringBuilder out = new StringBuilder(i - start + 16).append(s, start, i);
      while (i < n) {
        char ch = s.charAt(i++);
        if (ch == '"') {
          if (out.length() > CanonicalJson.MAX_STRING_CHARS) {
            throw new NotCanonical();
          }
          at = i;
          return out.toString();
        }
        if (ch < 0x20) {
          throw new NotCanonical(); // the writer escapes every control character
        }
        if (Character.isHighSurrogate(ch) && i < n && Character.isLowSurrogate(s.charAt(i))) {
          out.append(ch).append(s.charAt(i++));
        } else if (Character.isSurrogate(ch)) {
          throw new NotCanonical(); // unpaired: the writer refuses it
        } else if (ch != '\\') {
          out.append(ch);
        } else {
          i = escape(i, out);
        }
      }
      throw new NotCanonical(); // unterminated
    }

    /** Decodes the escape whose backslash is just before {@code i}; returns the index after it. */
    private int escape(int i, StringBuilder out) throws NotCanonical {
      if (i >= s.length()) {
        throw new NotCanonical();
      }
      char e = s.charAt(i);
      switch (e) {
        case '"' -> out.append('"');
        case '\\' -> out.append('\\');
        case 'b' -> out.append('\b');
        case 'f' -> out.append('\f');
        case 'n' -> out.append('\n');
        case 'r' -> out.append('\r');
        case 't' -> out.append('\t');
        case 'u' -> {
          // only backslash-u-00XX, with upper-case hex, for a control character without a short escape
          if (i + 5 > s.length() || s.charAt(i + 1) != '0' || s.charAt(i + 2) != '0') {
            throw new NotCanonical();
          }
          int hi = upperHex(s.charAt(i + 3));
          int lo = upperHex(s.charAt(i + 4));
          int value = hi << 4 | lo;
          if (value >= 0x20 || value == '\b' || value == '\f' || value == '\n' || value == '\r' || value == '\t') {
            throw new NotCanonical();
          }
          out.append((char) value);
          return i + 5;
        }
        default -> throw new NotCanonical();
      }
      return i + 1;
    }

    private static int upperHex(char ch) throws NotCanonical {
      if (ch >= '0' && ch <= '9') {
        return ch - '0';
      }
      if (ch >= 'A' && ch <= 'F') {
        return ch - 'A' + 10;
      }
      throw new NotCanonical();
    }

    Long optionalInteger() throws NotCanonical {
      return isNull() ? null : integer();
    }

    /** An integer as {@link Long#toString} writes it: optional minus, no leading zero, within 64 bits. */
    long integer() throws NotCanonical {
      int n = s.length();
      boolean negative = at < n && s.charAt(at) == '-';
      int start = negative ? at + 1 : at;
      int i = start;
      long value = 0;
      while (i < n) {
        char ch = s.charAt(i);
        if (ch < '0' || ch > '9') {
          break;
        }
        if (i - start >= 18) {
          throw new NotCanonical(); // 19 digits and more: rare, and the general path checks the range exactly
        }
        value = value * 10 + (ch - '0');
        i++;
      }
      int digits = i - start;
      if (digits == 0 || (digits > 1 && s.charAt(start) == '0') || (negative && value == 0)) {
        throw new NotCanonical();
      }
      at = i;
      return negative ? -value : value;
    }

    boolean bool() throws NotCanonical {
      if (s.startsWith("true", at)) {
        at += 4;
        return true;
      }
      if (s.startsWith("false", at)) {
        at += 5;
        return false;
      }
      throw new NotCanonical();
    }

    /** The parameters array; each object's members in canonical order: format, original_length, truncated, value. */
    List<Parameter> parameters() throws NotCanonical {
      member("[");
      if (s.startsWith("]", at)) {
        at++;
        return List.of();
      }
      List<Parameter> result = new ArrayList<>(4);
      while (true) {
        String format = member("{\"format\":").string();
        Long originalLength = member(",\"original_length\":").optionalInteger();
        boolean truncated = member(",\"truncated\":").bool();
        String value = member(",\"value\":").optionalString();
        member("}");
        ParameterFormat parsed = ParameterFormat.fromJson(format).orElseThrow(NotCanonical::new);
        result.add(new Parameter(parsed, value, truncated, originalLength));
        if (!s.startsWith(",", at)) {
          member("]");
          return result;
        }
        at++;
      }
    }
  }

  private CanonicalLineReader() {}
}
