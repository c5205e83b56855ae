package dev.jitgate.auditor.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jitgate.auditor.classify.Classification;
import dev.jitgate.auditor.classify.StatementClassifier;
import org.junit.jupiter.api.Test;

class ClassificationCacheTest {
  private final StatementClassifier classifier = new StatementClassifier();

  @Test
  void givesTheClassifiersAnswerAndKeepsIt() {
    ClassificationCache cache = new ClassificationCache(classifier, 8);
    String sql = "DELETE FROM invoices WHERE id = $1";

    Classification first = cache.classify(sql);

    assertThat(first).isEqualTo(classifier.classify(sql));
    assertThat(cache.classify(sql)).isSameAs(first);
    assertThat(cache.size()).isEqualTo(1);
  }

  @Test
  void staysBoundedAndKeepsRecentlyUsedTexts() {
    ClassificationCache cache = new ClassificationCache(classifier, 4);
    Classification hot = cache.classify("SELECT 1");
    for (int i = 0; i < 100; i++) {
      cache.classify("UPDATE t SET v = " + i);
      assertThat(cache.classify("SELECT 1")).isSameAs(hot);
      assertThat(cache.size()).isLessThanOrEqualTo(8);
    }
  }

  @Test
  void longTextsAreClassifiedButNotKept() {
    ClassificationCache cache = new ClassificationCache(classifier, 4);
    String sql = "SELECT '" + "x".repeat(ClassificationCache.MAX_SQL_LENGTH) + "'";

    assertThat(cache.classify(sql)).isEqualTo(classifier.classify(sql));
    assertThat(cache.size()).isZero();
  }

  @Test
  void needsACapacity() {
    assertThatThrownBy(() -> new ClassificationCache(classifier, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("capacity");
  }
}
