package dev.jitgate.app.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Builds a ready-to-paste {@code psql "…"} command: a libpq connection string (values quoted as libpq
 * wants) inside shell double quotes (with {@code \ " $ `} escaped), so names with spaces or quotes survive.
 */
public final class Psql {

  private Psql() {}

  /** {@code psql "host=… port=… dbname=… user=… sslmode=… password=…"}. */
  public static String command(String host, int port, String database, String user, String sslMode, String password) {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("host", host);
    params.put("port", Integer.toString(port));
    params.put("dbname", database);
    params.put("user", user);
    params.put("sslmode", sslMode);
    params.put("password", password);
    return command(params);
  }

  /** {@code psql "<key>=<value> …"} with the given libpq keywords, in order. */
  public static String command(Map<String, String> params) {
    return "psql \"" + shellDoubleQuoted(conninfo(params)) + "\"";
  }

  /** A libpq keyword/value connection string. */
  static String conninfo(Map<String, String> params) {
    return params.entrySet().stream()
        .map(e -> e.getKey() + "=" + conninfoValue(e.getValue()))
        .collect(Collectors.joining(" "));
  }

  /** A value as libpq reads it: bare when simple, else single-quoted with {@code '} and {@code \} escaped. */
  static String conninfoValue(String value) {
    boolean simple = !value.isEmpty() && value.chars().noneMatch(c -> Character.isWhitespace(c) || c == '\'' || c == '\\');
    if (simple) {
      return value;
    }
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }

  /** Escapes what the shell interprets inside double quotes. */
  static String shellDoubleQuoted(String text) {
    StringBuilder sb = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      if (c == '\\' || c == '"' || c == '$' || c == '`') {
        sb.append('\\');
      }
      sb.append(c);
    }
    return sb.toString();
  }
}
