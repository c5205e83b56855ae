package dev.jitgate.auditor.session;

/**
 * The thresholds and caps of {@link SessionAggregator}.
 *
 * @param manyRowsThreshold rows a single READ statement must return to flag {@link SessionFlag#MANY_ROWS}
 * @param maxObjects distinct objects kept per session; more set {@link SessionSummary#objectsTruncated()}
 * @param maxErrorCodes distinct SQLSTATEs counted per session; more set
 *     {@link SessionSummary#errorsTruncated()}
 * @param maxPendingStatements statements kept while awaiting their {@code statement.done}; beyond it the
 *     oldest is forgotten (its rows are then not attributed to a class)
 */
public record AggregationLimits(
    long manyRowsThreshold, int maxObjects, int maxErrorCodes, int maxPendingStatements) {

  /** Default MANY_ROWS threshold. */
  public static final long DEFAULT_MANY_ROWS = 10_000;
  /** Default object cap. */
  public static final int DEFAULT_MAX_OBJECTS = 200;
  /** Default SQLSTATE cap. */
  public static final int DEFAULT_MAX_ERROR_CODES = 50;
  /** Default cap of statements awaiting their result. */
  public static final int DEFAULT_MAX_PENDING = 1_000;

  /** Validates the fields. */
  public AggregationLimits {
    if (manyRowsThreshold < 1) {
      throw new IllegalArgumentException("manyRowsThreshold must be at least 1");
    }
    if (maxObjects < 0) {
      throw new IllegalArgumentException("maxObjects must not be negative");
    }
    if (maxErrorCodes < 0) {
      throw new IllegalArgumentException("maxErrorCodes must not be negative");
    }
    if (maxPendingStatements < 1) {
      throw new IllegalArgumentException("maxPendingStatements must be at least 1");
    }
  }

  /** The defaults: 10,000 rows, 200 objects, 50 SQLSTATEs, 1,000 pending statements. */
  public static AggregationLimits defaults() {
    return new AggregationLimits(DEFAULT_MANY_ROWS, DEFAULT_MAX_OBJECTS, DEFAULT_MAX_ERROR_CODES, DEFAULT_MAX_PENDING);
  }
}
