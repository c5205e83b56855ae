package dev.jitgate.pg.scram;

import java.util.ArrayList;
import java.util.List;

/**
 * One {@code attr-val} of a SCRAM message: a single ASCII letter, {@code '='}, and a value without
 * commas.
 */
record Attribute(char name, String value) {

  /** Splits {@code text} on commas, keeping empty fields (so trailing or doubled commas are visible). */
  static List<String> fields(String text) {
    List<String> out = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == ',') {
        out.add(text.substring(start, i));
        start = i + 1;
      }
    }
    out.add(text.substring(start));
    return out;
  }

  /** Parses {@code field} as {@code <letter>=<value>}. */
  static Attribute parse(String field) throws ScramException {
    if (field.length() < 2 || field.charAt(1) != '=' || !isAsciiLetter(field.charAt(0))) {
      throw ScramException.protocol("malformed SCRAM attribute");
    }
    return new Attribute(field.charAt(0), field.substring(2));
  }

  /** Parses {@code field} and requires its name to be {@code expected}. */
  static String expect(String field, char expected) throws ScramException {
    Attribute attribute = parse(field);
    if (attribute.name != expected) {
      throw ScramException.protocol("expected SCRAM attribute '" + expected + "'");
    }
    return attribute.value;
  }

  private static boolean isAsciiLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }
}
