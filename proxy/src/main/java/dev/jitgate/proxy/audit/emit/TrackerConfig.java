package dev.jitgate.proxy.audit.emit;

/**
 * Limits of one {@link StatementTracker}; all bound the memory a session can make the proxy hold.
 *
 * @param maxSqlChars SQL text kept per statement; longer text is cut and marked
 *     (see {@link SqlCapture#TRUNCATION_MARK})
 * @param maxParameterBytes bytes kept per bind parameter or function argument
 * @param maxBindBytes bytes kept for all parameters of one Bind or FunctionCall together; values past it are
 *     kept empty (truncated)
 * @param maxPreparedStatements tracked prepared statements; the least recently used is forgotten
 * @param maxPortals tracked portals; the least recently used is forgotten
 */
public record TrackerConfig(
    int maxSqlChars, int maxParameterBytes, int maxBindBytes, int maxPreparedStatements, int maxPortals) {

  /** Defaults: 64 Ki SQL characters, 4 KiB per parameter, 64 KiB per Bind, 1024 statements, 256 portals. */
  public static final TrackerConfig DEFAULTS = new TrackerConfig(64 * 1024, 4096, 64 * 1024, 1024, 256);

  public TrackerConfig {
    atLeast("audit.maxSqlChars", maxSqlChars, 16);
    atLeast("audit.maxParameterBytes", maxParameterBytes, 0);
    atLeast("audit.maxBindBytes", maxBindBytes, 0);
    atLeast("audit.maxPreparedStatements", maxPreparedStatements, 1);
    atLeast("audit.maxPortals", maxPortals, 1);
  }

  private static void atLeast(String field, int value, int min) {
    if (value < min) {
      throw new IllegalArgumentException(field + " must be at least " + min + ", was " + value);
    }
  }
}
