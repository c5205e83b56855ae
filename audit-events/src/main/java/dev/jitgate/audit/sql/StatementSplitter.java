package dev.jitgate.audit.sql;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a simple-Query string into statements at top-level {@code ;}: not inside literals, quoted
 * identifiers, comments or dollar quotes, and not inside the {@code BEGIN ATOMIC ... END} body of a
 * {@code CREATE FUNCTION/PROCEDURE}. Statements holding only whitespace and comments are dropped, as
 * PostgreSQL does. An over-long tail the lexer did not lex stays in the last statement.
 */
public final class StatementSplitter {

  private final SqlLexer lexer;

  /** A splitter using the given lexer. */
  public StatementSplitter(SqlLexer lexer) {
    if (lexer == null) {
      throw new IllegalArgumentException("lexer must not be null");
    }
    this.lexer = lexer;
  }

  /** A splitter with a default lexer. */
  public StatementSplitter() {
    this(new SqlLexer());
  }

  /** Splits {@code sql} (null is treated as empty). */
  public List<SqlStatement> split(String sql) {
    String src = sql == null ? "" : sql;
    List<SqlStatement> plain = splitPlain(src);
    return plain != null ? plain : split(lexer.lex(src));
  }

  /**
   * The split of a string that needs no lexing, as most statements a driver sends: no quote, dollar sign,
   * backslash or comment start anywhere, no {@code ;} except at the end (then followed by whitespace only), and
   * not a CREATE (whose BEGIN ATOMIC body may end with a {@code ;} of its own).
   * Such a string is one statement without its surrounding whitespace and the {@code ;}, or none when nothing
   * else is left; exactly what the lexing path gives. Null when the string needs the lexer.
   */
  private List<SqlStatement> splitPlain(String src) {
    int n = src.length();
    if (n > lexer.maxChars()) {
      return null; // the lexer would report an unlexed tail
    }
    int end = n;
    while (end > 0 && SqlLexer.isSpace(src.charAt(end - 1))) {
      end--;
    }
    if (end > 0 && src.charAt(end - 1) == ';') {
      end--;
      while (end > 0 && SqlLexer.isSpace(src.charAt(end - 1))) {
        end--;
      }
    }
    int start = 0;
    while (start < end && SqlLexer.isSpace(src.charAt(start))) {
      start++;
    }
    if (src.regionMatches(true, start, "create", 0, 6)) {
      return null; // a routine's BEGIN ATOMIC body keeps its own ';'
    }
    for (int i = start; i < end; i++) {
      char c = src.charAt(i);
      switch (c) {
        case '\'', '"', '$', '\\', ';' -> {
          return null;
        }
        case '-', '/' -> {
          if (i + 1 < end && src.charAt(i + 1) == (c == '-' ? '-' : '*')) {
            return null;
          }
        }
        default -> {
          // plain
        }
      }
    }
    return start == end ? List.of() : List.of(new SqlStatement(src.substring(start, end), start, end));
  }


  /** Splits already lexed SQL. */
  public List<SqlStatement> split(LexedSql lexed) {
    String src = lexed.source();
    List<SqlStatement> out = new ArrayList<>();
    int first = -1;
    int last = -1;
    Head head = new Head();
    for (Token t : lexed.tokens()) {
      if (t.kind() == TokenKind.SEMICOLON && head.atomicDepth == 0) {
        add(out, src, first, last, head.count > 0);
        first = -1;
        last = -1;
        head = new Head();
        continue;
      }
      if (t.kind() == TokenKind.WHITESPACE) {
        continue;
      }
      if (first < 0) {
        first = t.start();
      }
      last = t.end();
      if (!t.kind().isTrivia()) {
        head.accept(src, t);
      }
    }
    add(out, src, first, last, head.count > 0);
    return out;
  }

  /**
   * What the splitter remembers of the current statement (constant memory): whether it is a
   * CREATE [OR REPLACE] FUNCTION/PROCEDURE, the previous significant token, and the BEGIN ATOMIC / CASE ...
   * END nesting inside such a definition.
   */
  private static final class Head {
    private int count;
    private boolean create;
    private boolean orReplace;
    private boolean routine;
    private Token previous;
    private int atomicDepth;

    void accept(String src, Token t) {
      count++;
      switch (count) {
        case 1 -> create = t.isWord(src, "create");
        case 2 -> {
          orReplace = create && t.isWord(src, "or");
          routine = create && isRoutineWord(src, t);
        }
        case 3 -> orReplace = orReplace && t.isWord(src, "replace");
        case 4 -> routine = routine || (orReplace && isRoutineWord(src, t));
        default -> {
          // later tokens do not change what kind of statement this is
        }
      }
      if (routine) {
        if (t.isWord(src, "atomic") && previous != null && previous.isWord(src, "begin")) {
          atomicDepth++;
        } else if (atomicDepth > 0 && t.isWord(src, "case")) {
          atomicDepth++;
        } else if (atomicDepth > 0 && t.isWord(src, "end")) {
          atomicDepth--;
        }
      }
      previous = t;
    }

    private static boolean isRoutineWord(String src, Token t) {
      return t.isWord(src, "function") || t.isWord(src, "procedure");
    }
  }

  private static void add(List<SqlStatement> out, String src, int first, int last, boolean significant) {
    if (first < 0 || !significant) {
      return;
    }
    out.add(new SqlStatement(src.substring(first, last), first, last));
  }
}
