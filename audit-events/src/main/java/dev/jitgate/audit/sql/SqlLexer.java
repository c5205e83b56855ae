package dev.jitgate.audit.sql;

import java.util.ArrayList;
import java.util.List;

/**
 * A PostgreSQL-aware lexer (standard_conforming_strings on). It never throws: an unterminated literal,
 * quoted identifier or comment runs to the end of the input and is flagged as not terminated; characters it
 * does not know become one-character punctuation. It runs in time linear in the input (the closing
 * {@code $tag$} search is linear too: a tag holds no {@code $}, so a failed match never rescans text already
 * compared) and lexes at most {@code maxChars} characters; any rest is one {@link TokenKind#UNLEXED} token.
 * Instances are immutable and thread-safe.
 */
public final class SqlLexer {

  /** The default limit on lexed characters (16 MiB of chars). */
  public static final int DEFAULT_MAX_CHARS = 16 * 1024 * 1024;

  private final int maxChars;
  private final boolean standardConformingStrings;

  /** A lexer with {@link #DEFAULT_MAX_CHARS} and standard_conforming_strings on. */
  public SqlLexer() {
    this(DEFAULT_MAX_CHARS);
  }

  /** A lexer that lexes at most {@code maxChars} characters of each input (standard_conforming_strings on). */
  public SqlLexer(int maxChars) {
    this(maxChars, true);
  }

  /**
   * A lexer that lexes at most {@code maxChars} characters of each input. With
   * {@code standardConformingStrings} false (the session setting), backslashes escape in plain
   * {@code '...'} strings too, which are then reported as {@link TokenKind#ESCAPE_STRING}.
   */
  public SqlLexer(int maxChars, boolean standardConformingStrings) {
    if (maxChars < 0) {
      throw new IllegalArgumentException("maxChars must be >= 0, was " + maxChars);
    }
    this.maxChars = maxChars;
    this.standardConformingStrings = standardConformingStrings;
  }

  /** The most characters of one input this lexer lexes; the rest is reported as {@link TokenKind#UNLEXED}. */
  public int maxChars() {
    return maxChars;
  }

  /** Lexes {@code sql} (null is treated as empty). */
  public LexedSql lex(String sql) {
    String src = sql == null ? "" : sql;
    int limit = Math.min(src.length(), maxChars);
    List<Token> tokens = new ArrayList<>();
    int i = 0;
    while (i < limit) {
      Token t = next(src, i, limit);
      tokens.add(t);
      i = t.end();
    }
    boolean truncated = limit < src.length();
    if (truncated) {
      tokens.add(new Token(TokenKind.UNLEXED, limit, src.length(), false));
    }
    return new LexedSql(src, tokens, truncated);
  }

  private Token next(String s, int i, int n) {
    char c = s.charAt(i);
    if (isSpace(c)) {
      int j = i + 1;
      while (j < n && isSpace(s.charAt(j))) {
        j++;
      }
      return new Token(TokenKind.WHITESPACE, i, j, true);
    }
    if (c == '-' && at(s, i + 1, n) == '-') {
      int j = i + 2;
      while (j < n && s.charAt(j) != '\n' && s.charAt(j) != '\r') {
        j++;
      }
      return new Token(TokenKind.LINE_COMMENT, i, j, true);
    }
    if (c == '/' && at(s, i + 1, n) == '*') {
      return blockComment(s, i, n);
    }
    if (c == '\'') {
      return standardConformingStrings ? quoted(s, i, i, n, '\'', TokenKind.STRING) : escapeString(s, i, i, n);
    }
    if (c == '"') {
      return quoted(s, i, i, n, '"', TokenKind.QUOTED_IDENTIFIER);
    }
    if ((c == 'e' || c == 'E') && at(s, i + 1, n) == '\'') {
      return escapeString(s, i, i + 1, n);
    }
    if ((c == 'u' || c == 'U') && at(s, i + 1, n) == '&') {
      char q = at(s, i + 2, n);
      if (q == '\'') {
        return quoted(s, i, i + 2, n, '\'', TokenKind.UNICODE_STRING);
      }
      if (q == '"') {
        return quoted(s, i, i + 2, n, '"', TokenKind.QUOTED_IDENTIFIER);
      }
    }
    if ((c == 'b' || c == 'B' || c == 'x' || c == 'X') && at(s, i + 1, n) == '\'') {
      return quoted(s, i, i + 1, n, '\'', TokenKind.BIT_STRING);
    }
    if ((c == 'n' || c == 'N') && at(s, i + 1, n) == '\'') {
      return quoted(s, i, i + 1, n, '\'', TokenKind.STRING);
    }
    if (isIdentStart(c)) {
      int j = i + 1;
      while (j < n && isIdentPart(s.charAt(j))) {
        j++;
      }
      return new Token(TokenKind.IDENTIFIER, i, j, true);
    }
    if (isDigit(c) || (c == '.' && isDigit(at(s, i + 1, n)))) {
      return number(s, i, n);
    }
    if (c == '$') {
      return dollar(s, i, n);
    }
    if (c == ';') {
      return new Token(TokenKind.SEMICOLON, i, i + 1, true);
    }
    if (c == ':' && at(s, i + 1, n) == ':') {
      return new Token(TokenKind.OPERATOR, i, i + 2, true);
    }
    if (isOperatorChar(c)) {
      int j = i + 1;
      while (j < n && isOperatorChar(s.charAt(j))
          && !(s.charAt(j) == '-' && at(s, j + 1, n) == '-')
          && !(s.charAt(j) == '/' && at(s, j + 1, n) == '*')) {
        j++;
      }
      return new Token(TokenKind.OPERATOR, i, j, true);
    }
    int len = Character.isHighSurrogate(c) && Character.isLowSurrogate(at(s, i + 1, n)) ? 2 : 1;
    return new Token(TokenKind.PUNCTUATION, i, i + len, true);
  }

  private static Token blockComment(String s, int i, int n) {
    int depth = 1;
    int j = i + 2;
    while (j < n) {
      char c = s.charAt(j);
      if (c == '*' && at(s, j + 1, n) == '/') {
        depth--;
        j += 2;
        if (depth == 0) {
          return new Token(TokenKind.BLOCK_COMMENT, i, j, true);
        }
      } else if (c == '/' && at(s, j + 1, n) == '*') {
        depth++;
        j += 2;
      } else {
        j++;
      }
    }
    return new Token(TokenKind.BLOCK_COMMENT, i, n, false);
  }

  /** A constant or identifier starting at {@code start} whose opening quote is at {@code quoteAt}. */
  private static Token quoted(String s, int start, int quoteAt, int n, char quote, TokenKind kind) {
    int j = quoteAt + 1;
    while (j < n) {
      if (s.charAt(j) == quote) {
        if (at(s, j + 1, n) == quote) {
          j += 2;
          continue;
        }
        return new Token(kind, start, j + 1, true);
      }
      j++;
    }
    return new Token(kind, start, n, false);
  }

  /** An escape string starting at {@code i} whose opening quote is at {@code quoteAt}. */
  private static Token escapeString(String s, int i, int quoteAt, int n) {
    int j = quoteAt + 1;
    while (j < n) {
      char c = s.charAt(j);
      if (c == '\\') {
        j += 2;
        continue;
      }
      if (c == '\'') {
        if (at(s, j + 1, n) == '\'') {
          j += 2;
          continue;
        }
        return new Token(TokenKind.ESCAPE_STRING, i, j + 1, true);
      }
      j++;
    }
    return new Token(TokenKind.ESCAPE_STRING, i, n, false);
  }

  private static Token number(String s, int i, int n) {
    int j = i;
    char c0 = s.charAt(i);
    char c1 = Character.toLowerCase(at(s, i + 1, n));
    if (c0 == '0' && (c1 == 'x' || c1 == 'o' || c1 == 'b')) {
      j = i + 2;
      while (j < n && (Character.digit(s.charAt(j), 16) >= 0 || s.charAt(j) == '_')) {
        j++;
      }
      return new Token(TokenKind.NUMBER, i, j, true);
    }
    while (j < n && (isDigit(s.charAt(j)) || s.charAt(j) == '_')) {
      j++;
    }
    if (j < n && s.charAt(j) == '.' && at(s, j + 1, n) != '.') {
      j++;
      while (j < n && (isDigit(s.charAt(j)) || s.charAt(j) == '_')) {
        j++;
      }
    }
    if (j < n && (s.charAt(j) == 'e' || s.charAt(j) == 'E')) {
      int k = j + 1;
      if (k < n && (s.charAt(k) == '+' || s.charAt(k) == '-')) {
        k++;
      }
      if (k < n && isDigit(s.charAt(k))) {
        j = k;
        while (j < n && isDigit(s.charAt(j))) {
          j++;
        }
      }
    }
    return new Token(TokenKind.NUMBER, i, j, true);
  }

  private static Token dollar(String s, int i, int n) {
    if (isDigit(at(s, i + 1, n))) {
      int j = i + 1;
      while (j < n && isDigit(s.charAt(j))) {
        j++;
      }
      return new Token(TokenKind.PARAMETER, i, j, true);
    }
    int j = i + 1;
    if (j < n && isIdentStart(s.charAt(j))) {
      j++;
      while (j < n && isIdentPart(s.charAt(j)) && s.charAt(j) != '$') {
        j++;
      }
    }
    if (at(s, j, n) != '$') {
      return new Token(TokenKind.PUNCTUATION, i, i + 1, true);
    }
    String delimiter = s.substring(i, j + 1);
    int close = s.indexOf(delimiter, j + 1);
    if (close < 0 || close + delimiter.length() > n) {
      return new Token(TokenKind.DOLLAR_STRING, i, n, false);
    }
    return new Token(TokenKind.DOLLAR_STRING, i, close + delimiter.length(), true);
  }

  private static char at(String s, int i, int n) {
    return i < n ? s.charAt(i) : '\0';
  }

  /** PostgreSQL's whitespace between tokens. */
  static boolean isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\u000B';
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  static boolean isIdentStart(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
  }

  static boolean isIdentPart(char c) {
    return isIdentStart(c) || isDigit(c) || c == '$';
  }

  private static boolean isOperatorChar(char c) {
    return switch (c) {
      case '+', '-', '*', '/', '<', '>', '=', '~', '!', '@', '#', '%', '^', '&', '|', '`', '?' -> true;
      default -> false;
    };
  }
}
