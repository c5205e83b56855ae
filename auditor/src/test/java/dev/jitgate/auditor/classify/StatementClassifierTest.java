package dev.jitgate.auditor.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jitgate.audit.sql.LexedSql;
import dev.jitgate.audit.sql.SqlLexer;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StatementClassifierTest {

  private final StatementClassifier classifier = new StatementClassifier();

  @Test
  void emptyAndCommentOnlyInputIsMiscWithEmptyCommand() {
    for (String sql : new String[] {"", "   ", "-- nothing", "/* a */ ;", null}) {
      Classification c = classifier.classify(sql);
      assertThat(c.classes()).containsExactly(AuditClass.MISC);
      assertThat(c.command()).isEmpty();
      assertThat(c.objects()).isEmpty();
      assertThat(c.flags()).isEmpty();
    }
  }

  @Test
  void multiStatementTextMergesSoNothingHidesBehindASemicolon() {
    Classification c = classifier.classify("SELECT 1; DELETE FROM t; SET ROLE admin");
    assertThat(c.command()).isEqualTo("SELECT");
    assertThat(c.classes()).containsExactlyInAnyOrder(AuditClass.READ, AuditClass.WRITE, AuditClass.MISC);
    assertThat(c.flags()).containsExactlyInAnyOrder(RiskFlag.DELETE_WITHOUT_WHERE, RiskFlag.ROLE_SWITCH);
    assertThat(c.objects()).contains(new ObjectRef(ObjectKind.TABLE, null, "t"),
        new ObjectRef(ObjectKind.ROLE, null, "admin"));
  }

  @Test
  void classifyAllKeepsStatementOrder() {
    List<Classification> all = classifier.classifyAll("BEGIN; INSERT INTO t VALUES (1); COMMIT;");
    assertThat(all).extracting(Classification::command).containsExactly("BEGIN", "INSERT", "COMMIT");
  }

  @Test
  void functionBodiesNeverMakeTheDefinitionAWrite() {
    Classification c = classifier.classify(
        "CREATE FUNCTION purge() RETURNS void AS $f$ DELETE FROM t; TRUNCATE u; $f$ LANGUAGE sql");
    assertThat(c.classes()).containsExactly(AuditClass.DDL);
    assertThat(c.flags()).containsExactly(RiskFlag.DDL);
    assertThat(c.objects()).containsExactly(new ObjectRef(ObjectKind.FUNCTION, null, "purge"));
  }

  @Test
  void resultsAreImmutableAndValidated() {
    Classification c = classifier.classify("SELECT * FROM t");
    assertThatThrownBy(() -> c.classes().add(AuditClass.WRITE)).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> c.objects().clear()).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> new Classification(Set.of(), "X", List.of(), Set.of()))
        .hasMessageContaining("classes");
    assertThatThrownBy(() -> new ObjectRef(ObjectKind.TABLE, null, "")).hasMessageContaining("name");
    assertThatThrownBy(() -> new StatementClassifier(null)).hasMessageContaining("lexer");
  }

  @Test
  void analysisNeverThrowsOnKeywordSoup() {
    String[] words = {"SELECT", "FROM", "WITH", "AS", "(", ")", ",", "UPDATE", "SET", "DELETE", "INSERT", "INTO",
        "COPY", "TO", "PROGRAM", "EXPLAIN", "ANALYZE", "GRANT", "REVOKE", "ON", "CREATE", "ALTER", "DROP",
        "TABLE", "ROLE", "INDEX", "t", "\"q\"", "s.t", ".", "'x'", "$$b$$", "WHERE", "JOIN", "USING",
        "RECURSIVE", "MATERIALIZED", "NOT", "PREPARE", "DECLARE", "FOR", "SESSION", "AUTHORIZATION",
        "TRIGGER", "EXECUTE", "FUNCTION", "PARTITION", "OF", "INHERITS", "RULE", "ONLY", "LATERAL", "*",
        "SEARCH", "CYCLE", "MERGE", "VALUES", "DO", "CALL", "TRUNCATE", "extract", "DISTINCT", "IF", "EXISTS",
        "SCHEMA", "AUTHORIZATION", "OPTION", "ADMIN", "ALL", "IN", "DEFAULT", "PRIVILEGES", "SYSTEM", ";"};
    Random random = new Random(5L);
    SqlLexer lexer = new SqlLexer();
    for (int round = 0; round < 20_000; round++) {
      StringBuilder sb = new StringBuilder();
      int len = random.nextInt(14);
      for (int i = 0; i < len; i++) {
        sb.append(words[random.nextInt(words.length)]).append(' ');
      }
      String sql = sb.toString();
      LexedSql lexed = lexer.lex(sql);
      Classification c = new StatementAnalysis(sql, lexed.significant()).run();
      assertThat(c.classes()).as(sql).isNotEmpty();
    }
  }

  @Test
  void analysisNeverThrowsOnRandomCharacters() {
    Random random = new Random(11L);
    String alphabet = "()'\"$;,.* \nabcSELECTFROMWITHUPDATEwhere";
    SqlLexer lexer = new SqlLexer();
    for (int round = 0; round < 5_000; round++) {
      StringBuilder sb = new StringBuilder();
      int len = random.nextInt(60);
      for (int i = 0; i < len; i++) {
        sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      String sql = sb.toString();
      assertThat(new StatementAnalysis(sql, lexer.lex(sql).significant()).run().command()).isNotNull();
    }
  }

  @Test
  void deeplyNestedStatementsDoNotOverflowTheStack() {
    String sql = "WITH a AS (".repeat(50_000) + "DELETE FROM t" + ") SELECT 1".repeat(50_000);
    Classification c = classifier.classify(sql);
    assertThat(c.command()).isEqualTo("SELECT");
    String explain = "EXPLAIN ANALYZE ".repeat(50_000) + "SELECT 1";
    assertThat(classifier.classify(explain).command()).isEqualTo("EXPLAIN");
  }

  @Test
  void manyUpdatesInOneTextStayLinear() {
    String sql = "UPDATE t SET x = 1 ".repeat(100_000) + "WHERE y";
    long start = System.nanoTime();
    assertThat(classifier.classify(sql).flags()).doesNotContain(RiskFlag.UPDATE_WITHOUT_WHERE);
    assertThat(System.nanoTime() - start).isLessThan(5_000_000_000L);
  }

  @Test
  void deepNestingAndLongInputStayFast() {
    String deep = "SELECT " + "(".repeat(20_000) + "1" + ")".repeat(20_000) + " FROM t";
    String wide = "SELECT * FROM " + "t, ".repeat(50_000) + "u WHERE x";
    long start = System.nanoTime();
    assertThat(classifier.classify(deep).objects()).containsExactly(new ObjectRef(ObjectKind.TABLE, null, "t"));
    assertThat(classifier.classify(wide).objects()).hasSize(2);
    assertThat(System.nanoTime() - start).isLessThan(5_000_000_000L);
  }
}
