package dev.jitgate.audit.sql;

/** Decoding helpers for PostgreSQL quoted constants and identifiers; lenient, never throwing. */
final class SqlStrings {

  private SqlStrings() {
  }

  /** Removes the surrounding {@code quote} characters of {@code raw} and collapses doubled quotes. */
  static String unquote(String raw, char quote, boolean terminated) {
    int from = raw.isEmpty() ? 0 : 1;
    int to = terminated && raw.length() >= 2 ? raw.length() - 1 : raw.length();
    StringBuilder out = new StringBuilder(Math.max(0, to - from));
    for (int i = from; i < to; i++) {
      char c = raw.charAt(i);
      out.append(c);
      if (c == quote && i + 1 < to && raw.charAt(i + 1) == quote) {
        i++;
      }
    }
    return out.toString();
  }

  /** Decodes the body of an {@code E'...'} constant; {@code raw} starts at the opening quote. */
  static String decodeBackslashEscapes(String raw, boolean terminated) {
    int to = terminated && raw.length() >= 2 ? raw.length() - 1 : raw.length();
    StringBuilder out = new StringBuilder(to);
    int i = 1;
    while (i < to) {
      char c = raw.charAt(i);
      if (c == '\'' && i + 1 < to && raw.charAt(i + 1) == '\'') {
        out.append('\'');
        i += 2;
      } else if (c == '\\' && i + 1 < to) {
        char n = raw.charAt(i + 1);
        i += 2;
        switch (n) {
          case 'b' -> out.append('\b');
          case 'f' -> out.append('\f');
          case 'n' -> out.append('\n');
          case 'r' -> out.append('\r');
          case 't' -> out.append('\t');
          case 'x' -> {
            int len = hexRun(raw, i, to, 2);
            if (len == 0) {
              out.append('x');
            } else {
              out.append((char) Integer.parseInt(raw, i, i + len, 16));
              i += len;
            }
          }
          case 'u', 'U' -> {
            int want = n == 'u' ? 4 : 8;
            int len = hexRun(raw, i, to, want);
            if (len == want) {
              appendCodePoint(out, Long.parseLong(raw, i, i + len, 16));
              i += len;
            } else {
              out.append(n);
            }
          }
          default -> {
            if (n >= '0' && n <= '7') {
              int value = n - '0';
              int count = 1;
              while (count < 3 && i < to && raw.charAt(i) >= '0' && raw.charAt(i) <= '7') {
                value = value * 8 + (raw.charAt(i) - '0');
                i++;
                count++;
              }
              out.append((char) (value & 0xFF));
            } else {
              out.append(n);
            }
          }
        }
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }

  /** Decodes {@code \XXXX} and {@code \+XXXXXX} Unicode escapes with the given escape character. */
  static String decodeUnicodeEscapes(String body, char escape) {
    StringBuilder out = new StringBuilder(body.length());
    int i = 0;
    int n = body.length();
    while (i < n) {
      char c = body.charAt(i);
      if (c == escape && i + 1 < n) {
        if (body.charAt(i + 1) == escape) {
          out.append(escape);
          i += 2;
          continue;
        }
        if (body.charAt(i + 1) == '+' && hexRun(body, i + 2, n, 6) == 6) {
          appendCodePoint(out, Long.parseLong(body, i + 2, i + 8, 16));
          i += 8;
          continue;
        }
        if (hexRun(body, i + 1, n, 4) == 4) {
          appendCodePoint(out, Long.parseLong(body, i + 1, i + 5, 16));
          i += 5;
          continue;
        }
      }
      out.append(c);
      i++;
    }
    return out.toString();
  }

  /** The body of a dollar-quoted constant given its full raw text. */
  static String dollarBody(String raw, boolean terminated) {
    int open = raw.indexOf('$', 1) + 1;
    if (open <= 0) {
      return "";
    }
    int close = terminated ? raw.length() - open : raw.length();
    return close >= open ? raw.substring(open, close) : "";
  }

  private static int hexRun(String s, int from, int to, int max) {
    int len = 0;
    while (len < max && from + len < to && Character.digit(s.charAt(from + len), 16) >= 0) {
      len++;
    }
    return len;
  }

  private static void appendCodePoint(StringBuilder out, long cp) {
    if (cp >= 0 && cp <= Character.MAX_CODE_POINT) {
      out.appendCodePoint((int) cp);
    } else {
      out.append('\uFFFD');
    }
  }
}
