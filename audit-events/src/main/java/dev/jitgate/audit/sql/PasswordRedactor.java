package dev.jitgate.audit.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Replaces secrets in SQL text with {@code '***'} and leaves every other character as it was:
 * <ul>
 *   <li>the constant after {@code PASSWORD} in {@code CREATE/ALTER ROLE|USER|GROUP} (any string form:
 *       {@code '...'}, {@code E'...'}, {@code U&'...'}, {@code $tag$...$tag$}; verifiers such as
 *       {@code 'SCRAM-SHA-256$...'} too; adjacent continuation constants as well);</li>
 *   <li>the constant after an option named {@code password} in {@code CREATE/ALTER USER MAPPING} and
 *       {@code CREATE/ALTER SERVER};</li>
 *   <li>any string constant, in any statement, whose value is a libpq connection string with a password
 *       ({@code password=...} or {@code postgresql://user:secret@host}), as passed to {@code dblink_connect},
 *       {@code dblink}, {@code CREATE SUBSCRIPTION ... CONNECTION};</li>
 *   <li>inside dollar-quoted bodies ({@code DO}, {@code CREATE FUNCTION}) the same rules apply recursively, and
 *       a quoted constant whose value is itself SQL that needs redaction (dynamic {@code EXECUTE '...'}) is
 *       replaced whole.</li>
 * </ul>
 * Plain {@code '...'} literals are read with standard_conforming_strings on unless the lexer is configured
 * otherwise; a masked plain literal holding a backslash is masked to the end of its statement, so that its
 * secret is gone under either setting. It never throws. Input beyond the lexer's limit is not lexed; if that tail mentions a password it is
 * replaced by {@code '***'} as a whole, so a secret never survives.
 */
public final class PasswordRedactor {

  /** The replacement for a secret constant. */
  public static final String MASK = "'***'";

  private static final int MAX_DEPTH = 4;
  private static final Pattern CONNINFO_PASSWORD = Pattern.compile(
      "(?i)(?:\\bpassword\\s*=)|(?:postgres(?:ql)?://[^/@\\s]*:[^/@\\s]*@)");
  private static final Pattern CONNINFO_URI = Pattern.compile("(?i)postgres(?:ql)?://[^/@\\s]*:[^/@\\s]*@");
  private static final Pattern CONNINFO_WHOLE = Pattern.compile(
      "(?is)\\s*(?:[a-z_]+\\s*=\\s*(?:'(?:[^'\\\\]|\\\\.)*+'|[^\\s']++)\\s*+)++");

  private final SqlLexer lexer;
  private final StatementSplitter splitter;

  /** A redactor with a default lexer. */
  public PasswordRedactor() {
    this(new SqlLexer());
  }

  /** A redactor using the given lexer. */
  public PasswordRedactor(SqlLexer lexer) {
    if (lexer == null) {
      throw new IllegalArgumentException("lexer must not be null");
    }
    this.lexer = lexer;
    this.splitter = new StatementSplitter(lexer);
  }

  /** Redacts secrets in {@code sql} (null is treated as empty). */
  public Redaction redact(String sql) {
    String src = sql == null ? "" : sql;
    if (!mayHoldSecret(src)) {
      return new Redaction(src, false);
    }
    try {
      return redact(src, 0);
    } catch (RuntimeException e) {
      // Defensive: never let a bug leak the input; mask everything.
      return new Redaction(MASK, true);
    }
  }

  /**
   * Whether a bind parameter value (text format) is a libpq connection string carrying a password, e.g. the
   * argument of {@code dblink_connect($1)}; the proxy masks such values. Null is not a secret.
   */
  public boolean isSecretValue(String value) {
    return value != null && mayHoldSecret(value) && CONNINFO_PASSWORD.matcher(value).find();
  }

  /**
   * A fast pre-check: every rule needs the word "password", a URI with user info ("://"), or a backslash
   * escape (which could spell either inside E'...' or U&'...').
   */
  private static boolean mayHoldSecret(String s) {
    if (s.indexOf('\\') >= 0 || s.contains("://")) {
      return true;
    }
    int last = s.length() - "password".length();
    for (int i = 0; i <= last; i++) {
      char c = s.charAt(i);
      if ((c == 'p' || c == 'P') && s.regionMatches(true, i, "password", 0, 8)) {
        return true;
      }
    }
    return false;
  }

  private Redaction redact(String src, int depth) {
    LexedSql lexed = lexer.lex(src);
    List<Replacement> replacements = new ArrayList<>();
    List<Token> tokens = lexed.tokens();
    int ti = 0;
    for (SqlStatement stmt : splitter.split(lexed)) {
      List<Token> sig = new ArrayList<>();
      while (ti < tokens.size() && tokens.get(ti).start() < stmt.end()) {
        Token t = tokens.get(ti++);
        if (t.start() >= stmt.start() && !t.kind().isTrivia() && t.kind() != TokenKind.SEMICOLON) {
          sig.add(t);
        }
      }
      redactStatement(src, sig, depth, replacements);
    }
    if (replacements.isEmpty()) {
      return new Redaction(src, false);
    }
    StringBuilder out = new StringBuilder(src.length());
    int pos = 0;
    for (Replacement r : replacements) {
      if (r.start() < pos) {
        continue;
      }
      out.append(src, pos, r.start()).append(r.text());
      pos = r.end();
    }
    out.append(src, pos, src.length());
    return new Redaction(out.toString(), true);
  }

  private void redactStatement(String src, List<Token> sig, int depth, List<Replacement> out) {
    Kind kind = kindOf(src, sig);
    boolean[] masked = new boolean[sig.size()];
    if (kind != Kind.OTHER) {
      for (int i = 0; i + 1 < sig.size(); i++) {
        Token t = sig.get(i);
        boolean passwordWord = kind == Kind.ROLE
            ? t.isWord(src, "password")
            : "password".equals(t.identifier(src));
        if (!passwordWord) {
          continue;
        }
        for (int j = i + 1; j < sig.size() && isConstant(sig.get(j)); j++) {
          masked[j] = true;
        }
      }
    }
    int statementEnd = sig.isEmpty() ? 0 : sig.get(sig.size() - 1).end();
    for (int i = 0; i < sig.size(); i++) {
      Token t = sig.get(i);
      int before = out.size();
      if (masked[i]) {
        out.add(new Replacement(t.start(), t.end(), MASK));
      } else if (t.kind() == TokenKind.UNLEXED) {
        if (mayHoldSecret(t.text(src))) {
          out.add(new Replacement(t.start(), t.end(), MASK));
        }
      } else if (t.kind().isString()) {
        redactConstant(src, t, depth, out);
      }
      if (out.size() > before && t.kind() == TokenKind.STRING && t.text(src).indexOf('\\') >= 0) {
        // With standard_conforming_strings off this literal may run further: mask the rest too.
        out.set(out.size() - 1, new Replacement(t.start(), statementEnd, MASK));
      }
    }
  }

  private void redactConstant(String src, Token t, int depth, List<Replacement> out) {
    String value = t.stringValue(src);
    if (value == null) {
      return;
    }
    if (t.kind() == TokenKind.DOLLAR_STRING && t.terminated() && depth < MAX_DEPTH) {
      String raw = t.text(src);
      int open = raw.indexOf('$', 1) + 1;
      Redaction inner = redact(value, depth + 1);
      if (!isConninfoWithPassword(inner.sql())) {
        if (inner.redacted()) {
          out.add(new Replacement(t.start(), t.end(),
              raw.substring(0, open) + inner.sql() + raw.substring(open + value.length())));
        }
        return;
      }
      out.add(new Replacement(t.start(), t.end(), MASK));
      return;
    }
    if (CONNINFO_PASSWORD.matcher(value).find()) {
      out.add(new Replacement(t.start(), t.end(), MASK));
      return;
    }
    if (value.toLowerCase(Locale.ROOT).contains("password")
        && (depth >= MAX_DEPTH || redact(value, depth + 1).redacted())) {
      out.add(new Replacement(t.start(), t.end(), MASK));
    }
  }

  /** A dollar-quoted body is masked whole only when it is a connection string, not code mentioning one. */
  private static boolean isConninfoWithPassword(String value) {
    if (CONNINFO_URI.matcher(value).find()) {
      return true;
    }
    return value.length() < 4096 && CONNINFO_PASSWORD.matcher(value).find()
        && CONNINFO_WHOLE.matcher(value).matches();
  }

  private static boolean isConstant(Token t) {
    return switch (t.kind()) {
      case STRING, ESCAPE_STRING, UNICODE_STRING, DOLLAR_STRING, BIT_STRING, UNLEXED -> true;
      case WHITESPACE, LINE_COMMENT, BLOCK_COMMENT, IDENTIFIER, QUOTED_IDENTIFIER, NUMBER, OPERATOR,
         PUNCTUATION, PARAMETER, SEMICOLON -> false;
    };
  }

  private static Kind kindOf(String src, List<Token> sig) {
    if (sig.size() < 2) {
      return Kind.OTHER;
    }
    Token verb = sig.get(0);
    if (!verb.isWord(src, "create") && !verb.isWord(src, "alter")) {
      return Kind.OTHER;
    }
    Token object = sig.get(1);
    if (object.isWord(src, "user") && sig.size() > 2 && sig.get(2).isWord(src, "mapping")) {
      return Kind.OPTIONS;
    }
    if (object.isWord(src, "role") || object.isWord(src, "user") || object.isWord(src, "group")) {
      return Kind.ROLE;
    }
    if (object.isWord(src, "server")) {
      return Kind.OPTIONS;
    }
    return Kind.OTHER;
  }

  /** What kind of secret-bearing statement a statement is. */
  private enum Kind { ROLE, OPTIONS, OTHER }

  /** A replacement of the range {@code [start, end)}. */
  private record Replacement(int start, int end, String text) {
  }
}
