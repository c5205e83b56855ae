package dev.jitgate.auditor.ingest;

import dev.jitgate.auditor.classify.Classification;
import dev.jitgate.auditor.classify.StatementClassifier;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Classifications by SQL text, since real workloads repeat their statements (prepared statements,
 * ORMs). Bounded and approximately least-recently-used: two generations of at most {@code capacity}
 * entries each; a hit in the older generation moves the entry to the current one, and when the current
 * generation is full it becomes the older one (the older one is dropped). Texts longer than
 * {@value #MAX_SQL_LENGTH} characters are classified every time and never kept. Thread-safe.
 */
final class ClassificationCache {
  /** Entries per generation by default. */
  static final int DEFAULT_CAPACITY = 4096;
  /** Longer SQL texts are not cached (memory stays bounded by capacity times this). */
  static final int MAX_SQL_LENGTH = 2048;

  private final StatementClassifier classifier;
  private final int capacity;
  private volatile Map<String, Classification> current = new ConcurrentHashMap<>();
  private volatile Map<String, Classification> older = new ConcurrentHashMap<>();

  ClassificationCache(StatementClassifier classifier, int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity: must be at least 1");
    }
    this.classifier = classifier;
    this.capacity = capacity;
  }

  /** The classification of {@code sql}, as {@link StatementClassifier#classify} gives it. */
  Classification classify(String sql) {
    if (sql.length() > MAX_SQL_LENGTH) {
      return classifier.classify(sql);
    }
    Map<String, Classification> now = current;
    Classification known = now.get(sql);
    if (known != null) {
      return known;
    }
    known = older.get(sql);
    Classification result = known != null ? known : classifier.classify(sql);
    if (now.size() >= capacity) {
      rotate(now);
    }
    current.put(sql, result);
    return result;
  }

  /** How many texts are kept (both generations; for tests). */
  int size() {
    return current.size() + older.size();
  }

  private synchronized void rotate(Map<String, Classification> full) {
    if (current == full) {
      older = full;
      current = new ConcurrentHashMap<>();
    }
  }
}
