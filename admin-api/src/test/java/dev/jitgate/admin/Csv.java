package dev.jitgate.admin;

import java.util.ArrayList;
import java.util.List;

/** A strict RFC 4180 reader for the tests: quoted cells with doubled quotes, CRLF record ends. */
final class Csv {
  private Csv() {}

  /** The records of {@code text}, which must end with CRLF. */
  static List<List<String>> parse(String text) {
    List<List<String>> rows = new ArrayList<>();
    List<String> row = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '"' && cell.isEmpty()) {
        i++;
        while (true) {
          if (i >= text.length()) {
            throw new IllegalArgumentException("unterminated quoted cell");
          }
          char q = text.charAt(i);
          if (q == '"') {
            if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
              cell.append('"');
              i += 2;
              continue;
            }
            i++;
            break;
          }
          cell.append(q);
          i++;
        }
        continue;
      }
      if (c == ',') {
        row.add(cell.toString());
        cell.setLength(0);
        i++;
      } else if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
        row.add(cell.toString());
        cell.setLength(0);
        rows.add(row);
        row = new ArrayList<>();
        i += 2;
      } else if (c == '"' || c == '\r' || c == '\n') {
        throw new IllegalArgumentException("unquoted " + (int) c + " at " + i);
      } else {
        cell.append(c);
        i++;
      }
    }
    if (!row.isEmpty() || !cell.isEmpty()) {
      throw new IllegalArgumentException("the last record does not end with CRLF");
    }
    return rows;
  }
}
