package dev.jitgate.auditor.classify;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Runs every line of classify-corpus.tsv through the classifier; any mismatch fails. */
class ClassificationCorpusTest {

  private static final StatementClassifier CLASSIFIER = new StatementClassifier();

  record Case(int line, String classes, String command, String flags, String objects, String sql) {
    @Override
    public String toString() {
      return "line " + line + ": " + sql;
    }
  }

  static List<Case> cases() throws IOException {
    String text;
    try (InputStream in = ClassificationCorpusTest.class.getResourceAsStream("/classify-corpus.tsv")) {
      assertThat(in).as("classify-corpus.tsv on the test classpath").isNotNull();
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    List<Case> cases = new ArrayList<>();
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] cols = line.split("\t", 5);
      assertThat(cols).as("line %d must have 5 tab-separated columns", i + 1).hasSize(5);
      cases.add(new Case(i + 1, cols[0], cols[1], cols[2], cols[3], cols[4].replace('↵', '\n')));
    }
    return cases;
  }

  static Stream<Arguments> corpus() throws IOException {
    return cases().stream().map(Arguments::of);
  }

  @Test
  void corpusIsLargeEnough() throws IOException {
    assertThat(cases()).hasSizeGreaterThanOrEqualTo(120);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void classifiesAsExpected(Case c) {
    Classification actual = CLASSIFIER.classify(c.sql());
    SoftAssertions soft = new SoftAssertions();
    soft.assertThat(actual.classes()).as("classes").containsExactlyInAnyOrderElementsOf(
        parse(c.classes()).stream().map(AuditClass::valueOf).toList());
    soft.assertThat(actual.command()).as("command").isEqualTo(c.command());
    soft.assertThat(actual.flags()).as("flags").containsExactlyInAnyOrderElementsOf(
        parse(c.flags()).stream().map(RiskFlag::valueOf).toList());
    if (!c.objects().equals("*")) {
      soft.assertThat(actual.objects().stream()
              .map(o -> o.kind().name().toLowerCase(Locale.ROOT) + ":" + o.qualifiedName()).toList())
          .as("objects").containsExactlyInAnyOrderElementsOf(parse(c.objects()));
    }
    soft.assertAll();
  }

  private static List<String> parse(String column) {
    return column.equals("-") ? List.of() : Arrays.stream(column.split(",")).map(String::trim).toList();
  }
}
