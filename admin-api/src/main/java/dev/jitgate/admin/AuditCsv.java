package dev.jitgate.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jitgate.auditor.store.StoredEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The CSV form of audit events (RFC 4180, CRLF line ends): a fixed set of {@link #COLUMNS}, taken from the
 * stored event's canonical JSON line; type-specific fields without a column of their own go to
 * {@code details} as one compact JSON object. Cells are quoted when they hold a comma, a quote or a line
 * break, and a cell that a spreadsheet would run as a formula (starting with {@code = + - @}, a tab or a
 * carriage return) gets a leading {@code '}.
 */
final class AuditCsv {
  /** The columns, in order. */
  static final List<String> COLUMNS = List.of("time", "session", "seq", "type", "id", "proxy", "principal", "grant",
      "integration", "database", "db_role", "statement_id", "protocol", "sql", "parameters", "command_tag", "rows",
      "duration_micros", "sqlstate", "error", "details");
  /** The JSON members that never go to {@code details}: the columns, the schema version and the chain link. */
  private static final Set<String> NOT_DETAILS = Set.copyOf(concat(COLUMNS, List.of("v", "prev")));

  private final ObjectMapper mapper;

  AuditCsv(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  /** The header line. */
  String header() {
    return line(COLUMNS);
  }

  /** One event as a CSV line (ending in CRLF). */
  String row(StoredEvent event) {
    JsonNode json = parse(event.line());
    List<String> cells = new ArrayList<>(COLUMNS.size());
    cells.add(event.time().toString());
    cells.add(event.session());
    cells.add(Long.toString(event.seq()));
    cells.add(event.type());
    cells.add(event.id());
    cells.add(text(json.get("proxy")));
    cells.add(event.principal());
    cells.add(event.grant());
    cells.add(event.integration());
    cells.add(event.database());
    for (String column : COLUMNS.subList(10, COLUMNS.size() - 1)) {
      cells.add(text(json.get(column)));
    }
    cells.add(details(json));
    return line(cells);
  }

  private JsonNode parse(String line) {
    try {
      JsonNode node = mapper.readTree(line);
      return node != null && node.isObject() ? node : unreadable();
    } catch (JsonProcessingException e) {
      return unreadable();
    }
  }

  private ObjectNode unreadable() {
    ObjectNode node = mapper.createObjectNode();
    node.put("unreadable", true);
    return node;
  }

  private String details(JsonNode json) {
    ObjectNode rest = mapper.createObjectNode();
    json.properties().forEach(e -> {
      if (!NOT_DETAILS.contains(e.getKey())) {
        rest.set(e.getKey(), e.getValue());
      }
    });
    return rest.isEmpty() ? "" : compact(rest);
  }

  /** A JSON value as cell text: empty for missing or null, strings as they are, anything else as compact JSON. */
  private String text(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return "";
    }
    return node.isTextual() ? node.textValue() : compact(node);
  }

  private String compact(JsonNode node) {
    try {
      return mapper.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serializes", e);
    }
  }

  /** One CSV line of {@code cells} (null cells are empty), ending in CRLF. */
  static String line(List<String> cells) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < cells.size(); i++) {
      if (i > 0) {
        sb.append(',');
      }
      sb.append(cell(cells.get(i)));
    }
    return sb.append("\r\n").toString();
  }

  /** One cell, neutralized against formula injection and quoted when needed. */
  static String cell(String value) {
    if (value == null || value.isEmpty()) {
      return "";
    }
    String text = isFormula(value.charAt(0)) ? "'" + value : value;
    boolean quote = text.indexOf(',') >= 0 || text.indexOf('"') >= 0 || text.indexOf('\n') >= 0
        || text.indexOf('\r') >= 0;
    return quote ? '"' + text.replace("\"", "\"\"") + '"' : text;
  }

  private static boolean isFormula(char first) {
    return first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r';
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }
}
