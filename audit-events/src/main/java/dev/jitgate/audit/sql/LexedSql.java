package dev.jitgate.audit.sql;

import java.util.ArrayList;
import java.util.List;

/**
 * The result of lexing: the source text and its tokens, which cover the text without gaps. {@code truncated}
 * is true when the input exceeded the lexer's limit; the rest is then one {@link TokenKind#UNLEXED} token.
 */
public record LexedSql(String source, List<Token> tokens, boolean truncated) {

  /** Copies the token list. */
  public LexedSql {
    tokens = List.copyOf(tokens);
  }

  /** The tokens that are not whitespace or comments, in order. */
  public List<Token> significant() {
    List<Token> out = new ArrayList<>();
    for (Token t : tokens) {
      if (!t.kind().isTrivia()) {
        out.add(t);
      }
    }
    return out;
  }
}
