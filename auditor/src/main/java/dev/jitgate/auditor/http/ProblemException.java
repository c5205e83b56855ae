package dev.jitgate.auditor.http;

import java.util.Map;

/** Ends a request with {@link #problem()} (and the extra response {@link #headers()}). */
final class ProblemException extends RuntimeException {
  private final transient Problem problem;
  private final transient Map<String, String> headers;

  ProblemException(Problem problem, Map<String, String> headers) {
    super(problem.title(), null, false, false);
    this.problem = problem;
    this.headers = Map.copyOf(headers);
  }

  ProblemException(Problem problem) {
    this(problem, Map.of());
  }

  Problem problem() {
    return problem;
  }

  Map<String, String> headers() {
    return headers;
  }
}
