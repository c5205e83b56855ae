package dev.jitgate.audit.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class StatementSplitterTest {

  private final StatementSplitter splitter = new StatementSplitter();

  private List<String> texts(String sql) {
    return splitter.split(sql).stream().map(SqlStatement::text).toList();
  }

  @Test
  void splitsAtTopLevelSemicolonsOnly() {
    String sql = "SELECT ';'; SELECT \";\" FROM t -- ;\n; DO $$BEGIN PERFORM 1; END$$;"
        + " SELECT E'\\';'; /* ; /* ; */ */ SELECT 2";
    assertThat(texts(sql)).containsExactly(
        "SELECT ';'",
        "SELECT \";\" FROM t -- ;",
        "DO $$BEGIN PERFORM 1; END$$",
        "SELECT E'\\';'",
        "/* ; /* ; */ */ SELECT 2");
  }

  @Test
  void keepsOriginalOffsets() {
    String sql = "  SELECT 1 ;\n\tinsert into t values (1);  ";
    List<SqlStatement> statements = splitter.split(sql);
    assertThat(statements).hasSize(2);
    for (SqlStatement s : statements) {
      assertThat(sql.substring(s.start(), s.end())).isEqualTo(s.text());
    }
    assertThat(statements.get(0).start()).isEqualTo(2);
    assertThat(statements.get(1).text()).isEqualTo("insert into t values (1)");
  }

  @Test
  void dropsEmptyAndCommentOnlyStatements() {
    assertThat(texts(";; -- nothing\n ; /* x */ ;")).isEmpty();
    assertThat(texts("")).isEmpty();
    assertThat(texts(null)).isEmpty();
  }

  @Test
  void keepsBeginAtomicBodiesTogether() {
    String sql = "CREATE OR REPLACE FUNCTION f(a int) RETURNS int LANGUAGE sql BEGIN ATOMIC"
        + " SELECT CASE WHEN a > 0 THEN 1 ELSE 0 END; INSERT INTO t VALUES (a); END; SELECT 1;"
        + " BEGIN; COMMIT";
    assertThat(texts(sql)).containsExactly(
        "CREATE OR REPLACE FUNCTION f(a int) RETURNS int LANGUAGE sql BEGIN ATOMIC"
            + " SELECT CASE WHEN a > 0 THEN 1 ELSE 0 END; INSERT INTO t VALUES (a); END",
        "SELECT 1", "BEGIN", "COMMIT");
  }

  @Test
  void unterminatedLiteralSwallowsTheRest() {
    assertThat(texts("SELECT 1; SELECT 'abc; SELECT 2")).containsExactly("SELECT 1", "SELECT 'abc; SELECT 2");
  }

  @Test
  void plainStringsSplitWithoutTheLexerExactlyAsWithIt() {
    String[] pieces = {"SELECT", " ", "\t", "\n", "\r", "\f", "\u000B", ";", ";", "'", "\"", "$", "$$", "$q$", "\\",
        "-", "--", "/", "/*", "*/", "*", "a", "1", "E'", "U&\"", "BEGIN ATOMIC", "CREATE FUNCTION f() ", "END", "é",
        "aid = 42", "FROM t"};
    java.util.Random random = new java.util.Random(20261129);
    int plain = 0;
    for (int n = 0; n < 50_000; n++) {
      StringBuilder sql = new StringBuilder();
      int count = random.nextInt(10);
      for (int k = 0; k < count; k++) {
        sql.append(pieces[random.nextInt(pieces.length)]);
      }
      String text = sql.toString();
      List<SqlStatement> lexed = splitter.split(new SqlLexer().lex(text));
      assertThat(splitter.split(text)).as("split of [%s]", text).isEqualTo(lexed);
      if (text.chars().noneMatch(c -> "'\"$\\-/".indexOf(c) >= 0) && text.indexOf(';') == text.lastIndexOf(';')) {
        plain++;
      }
    }
    assertThat(plain).as("strings the fast path can take").isGreaterThan(1_000);
  }

  @Test
  void aStringLongerThanTheLexerLimitKeepsItsUnlexedTail() {
    StatementSplitter small = new StatementSplitter(new SqlLexer(8, true));
    String sql = "SELECT 1 + 2 + 3";
    assertThat(small.split(sql)).isEqualTo(small.split(new SqlLexer(8, true).lex(sql)));
    assertThat(small.split(sql)).extracting(SqlStatement::text).containsExactly(sql);
  }
}
