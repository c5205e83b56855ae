package dev.jitgate.audit.sql;

/** The kinds of PostgreSQL lexical tokens that {@link SqlLexer} produces. */
public enum TokenKind {
  /** Spaces, tabs, newlines, form feeds. */
  WHITESPACE,
  /** {@code -- ...} up to the end of the line. */
  LINE_COMMENT,
  /** {@code /* ... *}{@code /}, possibly nested. */
  BLOCK_COMMENT,
  /** An unquoted identifier or keyword (case-insensitive). */
  IDENTIFIER,
  /** {@code "..."} or {@code U&"..."}. */
  QUOTED_IDENTIFIER,
  /** A standard string {@code '...'} (also {@code N'...'}). */
  STRING,
  /** An escape string {@code E'...'} with backslash escapes. */
  ESCAPE_STRING,
  /** A Unicode escape string {@code U&'...'}. */
  UNICODE_STRING,
  /** A bit string {@code B'...'} or {@code X'...'}. */
  BIT_STRING,
  /** A dollar-quoted string {@code $tag$...$tag$}. */
  DOLLAR_STRING,
  /** A numeric constant. */
  NUMBER,
  /** An operator such as {@code =}, {@code <>}, {@code ||}, {@code ::}. */
  OPERATOR,
  /** One of {@code ( ) [ ] , . :}. */
  PUNCTUATION,
  /** A positional parameter {@code $1}. */
  PARAMETER,
  /** The statement terminator {@code ;}. */
  SEMICOLON,
  /** The part of an over-long input that was not lexed. */
  UNLEXED;

  /** Whether this kind carries no meaning for the grammar (whitespace and comments). */
  public boolean isTrivia() {
    return switch (this) {
      case WHITESPACE, LINE_COMMENT, BLOCK_COMMENT -> true;
      case IDENTIFIER, QUOTED_IDENTIFIER, STRING, ESCAPE_STRING, UNICODE_STRING, BIT_STRING, DOLLAR_STRING,
         NUMBER, OPERATOR, PUNCTUATION, PARAMETER, SEMICOLON, UNLEXED -> false;
    };
  }

  /** Whether this kind is a character string constant (not a bit string). */
  public boolean isString() {
    return switch (this) {
      case STRING, ESCAPE_STRING, UNICODE_STRING, DOLLAR_STRING -> true;
      case WHITESPACE, LINE_COMMENT, BLOCK_COMMENT, IDENTIFIER, QUOTED_IDENTIFIER, BIT_STRING, NUMBER, OPERATOR,
         PUNCTUATION, PARAMETER, SEMICOLON, UNLEXED -> false;
    };
  }
}
