package dev.jitgate.auditor.classify;

import dev.jitgate.audit.sql.LexedSql;
import dev.jitgate.audit.sql.SqlLexer;
import dev.jitgate.audit.sql.SqlStatement;
import dev.jitgate.audit.sql.StatementSplitter;
import dev.jitgate.audit.sql.Token;
import dev.jitgate.audit.sql.TokenKind;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Classifies SQL statements like pgAudit (see {@link AuditClass} for the exact rules) from their text alone,
 * with a PostgreSQL-aware lexer: literals, quoted identifiers, comments and dollar-quoted bodies never
 * count as keywords, so a {@code DELETE} inside a function body does not make {@code CREATE FUNCTION} a
 * write. CTEs are followed (a data-modifying CTE adds WRITE; CTE names are not objects). It never throws;
 * what it does not understand is MISC.
 */
public final class StatementClassifier {

  private final SqlLexer lexer;
  private final StatementSplitter splitter;

  /** A classifier with a default lexer. */
  public StatementClassifier() {
    this(new SqlLexer());
  }

  /** A classifier using the given lexer. */
  public StatementClassifier(SqlLexer lexer) {
    if (lexer == null) {
      throw new IllegalArgumentException("lexer must not be null");
    }
    this.lexer = lexer;
    this.splitter = new StatementSplitter(lexer);
  }

  /**
   * Classifies one statement. Should the text hold several, the result merges them (classes, objects and
   * flags united, the first one's command), so nothing is hidden behind a {@code ;}.
   */
  public Classification classify(String sql) {
    List<Classification> all = classifyAll(sql);
    if (all.isEmpty()) {
      return Classification.misc("");
    }
    if (all.size() == 1) {
      return all.get(0);
    }
    EnumSet<AuditClass> classes = EnumSet.noneOf(AuditClass.class);
    Set<ObjectRef> objects = new LinkedHashSet<>();
    EnumSet<RiskFlag> flags = EnumSet.noneOf(RiskFlag.class);
    for (Classification c : all) {
      classes.addAll(c.classes());
      objects.addAll(c.objects());
      flags.addAll(c.flags());
    }
    return new Classification(classes, all.get(0).command(), new ArrayList<>(objects), flags);
  }

  /** Classifies each statement of a simple-Query string, in order. */
  public List<Classification> classifyAll(String sql) {
    LexedSql lexed = lexer.lex(sql);
    String src = lexed.source();
    List<Classification> out = new ArrayList<>();
    List<Token> tokens = lexed.tokens();
    int ti = 0;
    for (SqlStatement stmt : splitter.split(lexed)) {
      List<Token> sig = new ArrayList<>();
      while (ti < tokens.size() && tokens.get(ti).start() < stmt.end()) {
        Token t = tokens.get(ti++);
        if (t.start() >= stmt.start() && !t.kind().isTrivia() && t.kind() != TokenKind.UNLEXED) {
          sig.add(t);
        }
      }
      out.add(classifyTokens(src, sig));
    }
    return out;
  }

  private static Classification classifyTokens(String src, List<Token> sig) {
    try {
      return new StatementAnalysis(src, sig).run();
    } catch (RuntimeException e) {
      // Never fail ingest because of an unexpected statement shape.
      return Classification.misc("UNKNOWN");
    }
  }
}
