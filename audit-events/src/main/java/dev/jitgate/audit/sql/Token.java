package dev.jitgate.audit.sql;

import java.util.Locale;

/**
 * One lexical token: its kind and its half-open character range {@code [start, end)} in the source text.
 * {@code terminated} is false for a literal, quoted identifier or comment that ran to the end of the input.
 */
public record Token(TokenKind kind, int start, int end, boolean terminated) {

  /** Validates the range. */
  public Token {
    if (kind == null) {
      throw new IllegalArgumentException("kind must not be null");
    }
    if (start < 0 || end < start) {
      throw new IllegalArgumentException("invalid range [" + start + ", " + end + ")");
    }
  }

  /** The raw text of this token in {@code source}. */
  public String text(String source) {
    return source.substring(start, end);
  }

  /** Whether this is an unquoted identifier equal (case-insensitively) to {@code word}. */
  public boolean isWord(String source, String word) {
    return kind == TokenKind.IDENTIFIER && end - start == word.length()
        && source.regionMatches(true, start, word, 0, word.length());
  }

  /** Whether this is punctuation or an operator with exactly this text. */
  public boolean isSymbol(String source, String symbol) {
    return (kind == TokenKind.PUNCTUATION || kind == TokenKind.OPERATOR || kind == TokenKind.SEMICOLON)
        && end - start == symbol.length() && source.startsWith(symbol, start);
  }

  /**
   * The normalized name of an identifier: unquoted identifiers are folded to lower case, quoted ones are
   * unescaped ({@code ""} becomes {@code "}); {@code U&"..."} escapes are decoded. Null for other kinds.
   */
  public String identifier(String source) {
    return switch (kind) {
      case IDENTIFIER -> text(source).toLowerCase(Locale.ROOT);
      case QUOTED_IDENTIFIER -> {
        String raw = text(source);
        boolean unicode = raw.length() > 2 && (raw.charAt(0) == 'U' || raw.charAt(0) == 'u');
        String body = unicode ? raw.substring(2) : raw;
        String inner = SqlStrings.unquote(body, '"', terminated);
        yield unicode ? SqlStrings.decodeUnicodeEscapes(inner, '\\') : inner;
      }
      case WHITESPACE, LINE_COMMENT, BLOCK_COMMENT, STRING, ESCAPE_STRING, UNICODE_STRING, BIT_STRING,
         DOLLAR_STRING, NUMBER, OPERATOR, PUNCTUATION, PARAMETER, SEMICOLON, UNLEXED -> null;
    };
  }

  /** The decoded value of a character string constant, or null for other kinds. */
  public String stringValue(String source) {
    return switch (kind) {
      case STRING -> {
        String raw = text(source);
        yield SqlStrings.unquote(raw.charAt(0) == '\'' ? raw : raw.substring(1), '\'', terminated);
      }
      case ESCAPE_STRING -> {
        String raw = text(source);
        yield SqlStrings.decodeBackslashEscapes(raw.charAt(0) == '\'' ? raw : raw.substring(1), terminated);
      }
      case UNICODE_STRING -> SqlStrings.decodeUnicodeEscapes(
          SqlStrings.unquote(text(source).substring(2), '\'', terminated), '\\');
      case DOLLAR_STRING -> SqlStrings.dollarBody(text(source), terminated);
      case WHITESPACE, LINE_COMMENT, BLOCK_COMMENT, IDENTIFIER, QUOTED_IDENTIFIER, BIT_STRING, NUMBER, OPERATOR,
         PUNCTUATION, PARAMETER, SEMICOLON, UNLEXED -> null;
    };
  }
}
