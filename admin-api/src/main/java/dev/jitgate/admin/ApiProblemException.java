package dev.jitgate.admin;

import java.util.Map;

/**
 * A refusal decided by the HTTP layer itself (authentication, body size, media type, routing), carried
 * to {@link ProblemMapper} as a ready {@link Problem}, with extra response headers.
 */
final class ApiProblemException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final transient Problem problem;
  private final transient Map<String, String> headers;

  ApiProblemException(Problem problem, Map<String, String> headers) {
    super(problem.detail(), null, false, false);
    this.problem = problem;
    this.headers = Map.copyOf(headers);
  }

  ApiProblemException(Problem problem) {
    this(problem, Map.of());
  }

  Problem problem() {
    return problem;
  }

  Map<String, String> headers() {
    return headers;
  }

  /** 400 naming no field, e.g. for a missing body. */
  static ApiProblemException badRequest(String detail) {
    return new ApiProblemException(Problem.of(400, "invalid", "Invalid request", detail, null));
  }

  /** 413: the body exceeds the configured limit. */
  static ApiProblemException tooLarge(long limit) {
    return new ApiProblemException(Problem.of(413, "payload-too-large", "Payload too large",
        "the request body exceeds " + limit + " bytes", null));
  }

  /** 415: the body is not JSON. */
  static ApiProblemException unsupportedMediaType() {
    return new ApiProblemException(Problem.of(415, "unsupported-media-type", "Unsupported media type",
        "the request body must be application/json", null));
  }
}
