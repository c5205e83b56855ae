package dev.jitgate.audit.event;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads one JSON text into an {@link AuditEvent} with strict v1 validation. Never throws for bad input:
 * every problem becomes a {@link ParseResult.Invalid} naming the field.
 */
final class EventReader {
  /** The shape of {@code time}: {@code d} is a digit, anything else itself. */
  private static final String TIME_SHAPE = "dddd-dd-ddTdd:dd:dd.ddddddZ";

  private final EventWriter writer;

  EventReader(EventWriter writer) {
    this.writer = writer;
  }

  ParseResult read(int line, String text) {
    ParseResult canonical = CanonicalLineReader.read(line, text);
    if (canonical != null) {
      return canonical; // a canonical statement or statement.done line, read without a JSON tree
    }
    return readGeneral(line, text);
  }

  /** Reads any line through a JSON tree, with the exact reason when it is invalid (the path without the fast one). */
  ParseResult readGeneral(int line, String text) {
    if (text == null || text.isBlank()) {
      return new ParseResult.Invalid(line, "$", "empty line");
    }
    JsonNode root;
    try {
      root = CanonicalJson.parse(text);
    } catch (JacksonException e) {
      return syntaxError(line, e);
    } catch (RuntimeException e) {
      return new ParseResult.Invalid(line, "$", "not valid JSON");
    }
    if (root == null || !root.isObject()) {
      return new ParseResult.Invalid(line, "$", "must be a JSON object");
    }
    try {
      AuditEvent event = event(root);
      if (DirectWriter.handles(event) && DirectWriter.write(event).equals(text)) {
        // the line is the event's canonical form (what producers send): it is the canonical line
        return new ParseResult.Ok(line, event, text);
      }
      JsonNode written = writer.tree(event);
      String canonical = CanonicalJson.write(written);
      if (!CanonicalJson.write(root).equals(canonical)) {
        return new ParseResult.Invalid(line, firstDifference(root, written), "not in v1 canonical form");
      }
      return new ParseResult.Ok(line, event, canonical);
    } catch (EventFieldException e) {
      return new ParseResult.Invalid(line, e.field(), e.reason());
    } catch (RuntimeException e) {
      return new ParseResult.Invalid(line, "$", "cannot be read: " + e.getClass().getSimpleName());
    }
  }

  /** Jackson's messages can quote input; only a duplicate member's name and the position are kept. */
  private static ParseResult.Invalid syntaxError(int line, JacksonException e) {
    if (e instanceof StreamConstraintsException && String.valueOf(e.getOriginalMessage()).startsWith("String value")) {
      return new ParseResult.Invalid(line, "$", "has a string value longer than " + CanonicalJson.MAX_STRING_CHARS
          + " characters");
    }
    String message = String.valueOf(e.getOriginalMessage());
    String duplicate = "Duplicate field '";
    if (message.startsWith(duplicate) && message.indexOf('\'', duplicate.length()) > 0) {
      String name = message.substring(duplicate.length(), message.indexOf('\'', duplicate.length()));
      return new ParseResult.Invalid(line, name, "appears more than once");
    }
    var location = e.getLocation();
    String where = location == null || location.getColumnNr() < 1 ? "" : " at column " + location.getColumnNr();
    return new ParseResult.Invalid(line, "$", "not valid JSON" + where);
  }

  private AuditEvent event(JsonNode root) {
    FieldReader f = new FieldReader(root, "");
    long v = f.integer("v");
    if (v != AuditEvent.VERSION) {
      throw new EventFieldException("v", "unsupported version " + v + ", this reader knows " + AuditEvent.VERSION);
    }
    String type = f.text("type");
    String id = id(f.text("id"));
    Envelope envelope = new Envelope(
        id, time(f.text("time")), f.text("session"), seq(f.integer("seq")), f.text("proxy"),
        f.optionalText("principal"), f.optionalText("grant"), f.optionalText("integration"),
        f.optionalText("database"), f.optionalText("db_role"), f.text("prev"));
    EventBody body = body(type, f);
    Map<String, String> extensions = new TreeMap<>();
    if (!f.readAll()) {
      for (var member : root.properties()) {
        if (!f.wasRead(member.getKey())) {
          extensions.put(member.getKey(), CanonicalJson.write(member.getValue(), member.getKey()));
        }
      }
    }
    return new AuditEvent(envelope, body, extensions);
  }

  /** {@code id}, checked to be a lower-case UUIDv7 (shared with {@link CanonicalLineReader}). */
  static String id(String id) {
    if (!UuidV7.isCanonical(id)) {
      throw new EventFieldException("id", "must be a lower-case UUIDv7");
    }
    return id;
  }

  /** {@code seq}, checked to be at least 1 (shared with {@link CanonicalLineReader}). */
  static long seq(long seq) {
    if (seq < 1) {
      throw new EventFieldException("seq", "must be at least 1 (1-based per session)");
    }
    return seq;
  }

  /**
   * Parses {@code yyyy-MM-ddTHH:mm:ss.SSSSSSZ} by hand (a hot path: no regex, no formatter); the date and
   * time fields are range-checked by {@link LocalDateTime#of}.
   */
  static Instant time(String text) {
    if (!isTimeShape(text)) {
      throw new EventFieldException("time", "must be an ISO-8601 UTC instant with 6 fraction digits");
    }
    try {
      LocalDateTime local = LocalDateTime.of(digits(text, 0, 4), digits(text, 5, 7), digits(text, 8, 10),
          digits(text, 11, 13), digits(text, 14, 16), digits(text, 17, 19), digits(text, 20, 26) * 1_000);
      return local.toInstant(ZoneOffset.UTC);
    } catch (DateTimeException e) {
      throw new EventFieldException("time", "is not a valid date and time");
    }
  }

  /** Whether {@code text} has the shape {@code dddd-dd-ddTdd:dd:dd.ddddddZ}. */
  private static boolean isTimeShape(String text) {
    if (text.length() != TIME_SHAPE.length()) {
      return false;
    }
    for (int i = 0; i < TIME_SHAPE.length(); i++) {
      char expected = TIME_SHAPE.charAt(i);
      char c = text.charAt(i);
      if (expected == 'd' ? c < '0' || c > '9' : c != expected) {
        return false;
      }
    }
    return true;
  }

  private static int digits(String text, int from, int to) {
    int value = 0;
    for (int i = from; i < to; i++) {
      value = value * 10 + (text.charAt(i) - '0');
    }
    return value;
  }

  private EventBody body(String type, FieldReader f) {
    return switch (type) {
      case SessionStart.TYPE -> new SessionStart(
          f.text("client_address"), f.port("client_port"), f.optionalText("application_name"),
          f.optionalText("tls_version"), f.optionalText("tls_cipher"), f.text("protocol_version"),
          f.text("auth_method"));
      case SessionReject.TYPE -> new SessionReject(
          f.text("client_address"), f.port("client_port"), f.text("sqlstate"), f.text("reason"),
          f.optionalText("requested_user"), f.optionalText("requested_database"));
      case Statement.TYPE -> new Statement(
          f.integer("statement_id"), f.optionalText("sql"), protocol(f.text("protocol")),
          f.optionalText("statement_name"), f.optionalText("portal_name"), parameters(f.array("parameters")),
          f.optionalInteger("function_oid"));
      case StatementDone.TYPE -> new StatementDone(
          f.integer("statement_id"), f.optionalText("command_tag"), f.optionalInteger("rows"),
          f.integer("duration_micros"), f.optionalText("sqlstate"), f.optionalText("error"));
      case Copy.TYPE -> new Copy(
          f.integer("statement_id"),
          CopyDirection.fromJson(f.text("direction"))
              .orElseThrow(() -> new EventFieldException("direction", "must be in or out")),
          f.integer("bytes"), f.optionalInteger("rows"));
      case SessionEnd.TYPE -> new SessionEnd(
          EndReason.fromJson(f.text("reason")).orElseThrow(() -> new EventFieldException(
              "reason", "must be client_closed, server_closed, revoked, idle_timeout, shutdown or error")),
          f.integer("bytes_in"), f.integer("bytes_out"), f.integer("statements"), f.integer("duration_micros"));
      case Alert.TYPE -> new Alert(
          AlertKind.fromJson(f.text("kind")).orElseThrow(() -> new EventFieldException(
              "kind", "must be gap, altered, reordered or conflict")),
          f.text("subject_session"), f.integer("subject_seq"), f.text("detail"));
      default -> {
        if (!type.startsWith(AdminAction.TYPE_PREFIX)) {
          throw new EventFieldException("type", "unknown event type");
        }
        String action = f.text("action");
        if (!type.equals(AdminAction.TYPE_PREFIX + action)) {
          throw new EventFieldException("action", "must equal the type without the admin. prefix");
        }
        yield new AdminAction(
            action, f.text("actor"), f.text("target_kind"), f.text("target_id"), details(f.object("details")));
      }
    };
  }

  private static Protocol protocol(String text) {
    return Protocol.fromJson(text)
        .orElseThrow(() -> new EventFieldException("protocol", "must be simple, extended or function_call"));
  }

  private static List<Parameter> parameters(JsonNode array) {
    List<Parameter> result = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      String prefix = "parameters[" + i + "].";
      JsonNode item = array.get(i);
      if (!item.isObject()) {
        throw new EventFieldException("parameters[" + i + "]", "must be an object");
      }
      FieldReader p = new FieldReader(item, prefix);
      String format = p.text("format");
      ParameterFormat parsed = ParameterFormat.fromJson(format)
          .orElseThrow(() -> new EventFieldException(prefix + "format", "must be text or binary"));
      String value = p.optionalText("value");
      boolean truncated = p.bool("truncated");
      Long length = p.optionalInteger("original_length");
      p.rejectUnread();
      try {
        result.add(new Parameter(parsed, value, truncated, length));
      } catch (EventFieldException e) {
        throw new EventFieldException(prefix + e.field(), e.reason());
      }
    }
    return result;
  }

  private static Map<String, String> details(JsonNode object) {
    Map<String, String> result = new LinkedHashMap<>();
    for (var member : object.properties()) {
      if (!member.getValue().isTextual()) {
        throw new EventFieldException("details." + member.getKey(), "must be a string");
      }
      result.put(member.getKey(), member.getValue().textValue());
    }
    return result;
  }

  private static String firstDifference(JsonNode input, JsonNode written) {
    for (var member : input.properties()) {
      JsonNode other = written.get(member.getKey());
      if (other == null || !CanonicalJson.write(member.getValue()).equals(CanonicalJson.write(other))) {
        return member.getKey();
      }
    }
    return "$";
  }
}
