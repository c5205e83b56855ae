package dev.jitgate.audit.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SqlLexerTest {

  private final SqlLexer lexer = new SqlLexer();

  private List<Token> significant(String sql) {
    return lexer.lex(sql).significant();
  }

  private Token single(String sql) {
    List<Token> tokens = lexer.lex(sql).tokens();
    assertThat(tokens).as("tokens of %s", sql).hasSize(1);
    return tokens.get(0);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "` \t\f `|WHITESPACE",
      "-- comment ; 'x'|LINE_COMMENT",
      "/* a /* nested; */ still */|BLOCK_COMMENT",
      "SeLeCt|IDENTIFIER",
      "a$b_1|IDENTIFIER",
      "\"My \"\"Table\"\"\"|QUOTED_IDENTIFIER",
      "U&\"d\\0061t\\+000061\"|QUOTED_IDENTIFIER",
      "'it''s; --not a comment'|STRING",
      "N'national'|STRING",
      "E'a\\'b\\\\'|ESCAPE_STRING",
      "e'x'|ESCAPE_STRING",
      "U&'d\\0061ta'|UNICODE_STRING",
      "B'0101'|BIT_STRING",
      "X'1F'|BIT_STRING",
      "$$ a ' b ; $$|DOLLAR_STRING",
      "$fn$ $$ inner $$ $fn$|DOLLAR_STRING",
      "42|NUMBER",
      "3.14e-10|NUMBER",
      ".5|NUMBER",
      "0x1F_FF|NUMBER",
      "1_000_000|NUMBER",
      "<>|OPERATOR",
      "@>|OPERATOR",
      "::|OPERATOR",
      "$12|PARAMETER",
      ";|SEMICOLON",
      "(|PUNCTUATION",
      ",|PUNCTUATION",
  })
  void lexesEachKindAsOneToken(String sql, TokenKind kind) {
    Token t = single(sql);
    assertThat(t.kind()).isEqualTo(kind);
    assertThat(t.terminated()).isTrue();
    assertThat(t.start()).isZero();
    assertThat(t.end()).isEqualTo(sql.length());
  }

  @Test
  void decodesIdentifiersAndStrings() {
    String sql = "\"My \"\"T\"\" \" Foo U&\"d\\0061t\\+000061\" 'it''s' E'a\\nb\\x41\\101\\u00e9' U&'\\0041'"
        + " $q$x'y$q$";
    List<Token> sig = significant(sql);
    assertThat(sig.get(0).identifier(sql)).isEqualTo("My \"T\" ");
    assertThat(sig.get(1).identifier(sql)).isEqualTo("foo");
    assertThat(sig.get(2).identifier(sql)).isEqualTo("data");
    assertThat(sig.get(3).stringValue(sql)).isEqualTo("it's");
    assertThat(sig.get(4).stringValue(sql)).isEqualTo("a\nbAAé");
    assertThat(sig.get(5).stringValue(sql)).isEqualTo("A");
    assertThat(sig.get(6).stringValue(sql)).isEqualTo("x'y");
  }

  @Test
  void dollarTagRules() {
    String sql = "$a$ $b$ x $b$ $a$ $1 $ $_x1$y$_x1$";
    List<Token> sig = significant(sql);
    assertThat(sig).extracting(Token::kind).containsExactly(
        TokenKind.DOLLAR_STRING, TokenKind.PARAMETER, TokenKind.PUNCTUATION, TokenKind.DOLLAR_STRING);
    assertThat(sig.get(0).stringValue(sql)).isEqualTo(" $b$ x $b$ ");
    assertThat(sig.get(3).stringValue(sql)).isEqualTo("y");
    // an identifier may contain $, so foo$$ is one identifier, not the start of a dollar quote
    assertThat(significant("foo$$bar")).extracting(Token::kind).containsExactly(TokenKind.IDENTIFIER);
  }

  @Test
  void commentMarkersInsideOperatorsEndTheOperator() {
    String sql = "a+-- c\n1 */* c */2";
    assertThat(significant(sql)).extracting(t -> t.text(sql)).containsExactly("a", "+", "1", "*", "2");
  }

  @Test
  void prefixesNeedAnAdjacentQuote() {
    String sql = "e 'x' u&y b";
    assertThat(significant(sql)).extracting(Token::kind).containsExactly(
        TokenKind.IDENTIFIER, TokenKind.STRING, TokenKind.IDENTIFIER, TokenKind.OPERATOR,
        TokenKind.IDENTIFIER, TokenKind.IDENTIFIER);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "'abc|STRING",
      "E'abc\\'|ESCAPE_STRING",
      "\"abc|QUOTED_IDENTIFIER",
      "/* a /* b */|BLOCK_COMMENT",
      "$x$ body $y$|DOLLAR_STRING",
      "U&'x|UNICODE_STRING",
      "B'01|BIT_STRING",
  })
  void unterminatedInputRunsToTheEndAndIsFlagged(String sql, TokenKind kind) {
    Token t = single(sql);
    assertThat(t.kind()).isEqualTo(kind);
    assertThat(t.terminated()).isFalse();
    assertThat(t.end()).isEqualTo(sql.length());
    assertThat(t.stringValue(sql) == null && t.identifier(sql) == null && kind.isString()).isFalse();
  }

  @Test
  void tokensCoverTheInputWithoutGaps() {
    String sql = "WITH x AS (SELECT 1 /* c */) SELECT * FROM \"x\" -- end\n; $$a$$;E'\\'';";
    assertCovers(sql, lexer.lex(sql));
  }

  @Test
  void overLongInputIsCutIntoAnUnlexedTail() {
    LexedSql lexed = new SqlLexer(10).lex("SELECT 'abcdefgh' FROM t");
    assertThat(lexed.truncated()).isTrue();
    Token last = lexed.tokens().get(lexed.tokens().size() - 1);
    assertThat(last.kind()).isEqualTo(TokenKind.UNLEXED);
    assertThat(last.start()).isEqualTo(10);
    assertCovers(lexed.source(), lexed);
    assertThatThrownBy(() -> new SqlLexer(-1)).hasMessageContaining("maxChars");
  }

  @Test
  void nonStandardConformingStringsTreatBackslashesAsEscapes() {
    String sql = "'it\\'s' x";
    LexedSql legacy = new SqlLexer(100, false).lex(sql);
    assertThat(legacy.significant()).extracting(Token::kind)
        .containsExactly(TokenKind.ESCAPE_STRING, TokenKind.IDENTIFIER);
    assertThat(legacy.significant().get(0).stringValue(sql)).isEqualTo("it's");
    assertThat(lexer.lex(sql).significant().get(0).stringValue(sql)).isEqualTo("it\\");
  }

  @Test
  void nullIsEmpty() {
    assertThat(lexer.lex(null).tokens()).isEmpty();
  }

  @Test
  void randomGarbageNeverThrowsAndIsCovered() {
    Random random = new Random(20261129L);
    String alphabet = "'\"$-/*E&U;\\abc01 \n()xX.:e+_";
    for (int round = 0; round < 3000; round++) {
      StringBuilder sb = new StringBuilder();
      int len = random.nextInt(40);
      for (int i = 0; i < len; i++) {
        sb.append(random.nextInt(4) == 0 ? (char) random.nextInt(0x10000)
            : alphabet.charAt(random.nextInt(alphabet.length())));
      }
      String sql = sb.toString();
      LexedSql lexed = lexer.lex(sql);
      assertCovers(sql, lexed);
      for (Token t : lexed.tokens()) {
        t.identifier(sql);
        t.stringValue(sql);
      }
      new StatementSplitter().split(sql);
      new PasswordRedactor().redact(sql);
    }
  }

  @Test
  void byteAtATimePrefixesNeverThrow() {
    String sql = "CREATE ROLE \"a\"\"b\" PASSWORD E'x\\'y' /* /* */ */ $t$ $$ $t$; U&'\\+01F600' -- x";
    for (int i = 0; i <= sql.length(); i++) {
      String prefix = sql.substring(0, i);
      assertCovers(prefix, lexer.lex(prefix));
    }
  }

  @Test
  void isLinearOnPathologicalInput() {
    String sql = "/*".repeat(200_000) + "'".repeat(200_001) + "$a".repeat(100_000);
    long start = System.nanoTime();
    LexedSql lexed = lexer.lex(sql);
    assertThat(lexed.tokens()).isNotEmpty();
    assertThat(System.nanoTime() - start).isLessThan(2_000_000_000L);
  }

  private static void assertCovers(String sql, LexedSql lexed) {
    int pos = 0;
    for (Token t : lexed.tokens()) {
      assertThat(t.start()).as("gap before %s in %s", t, sql).isEqualTo(pos);
      assertThat(t.end()).isGreaterThan(t.start());
      pos = t.end();
    }
    assertThat(pos).isEqualTo(sql.length());
  }
}
