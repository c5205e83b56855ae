package dev.jitgate.auditor.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;

/** Writes JSON and problem responses with one {@link ObjectMapper}. */
final class HttpJson {
  static final String JSON = "application/json";
  private final ObjectMapper mapper = new ObjectMapper();

  void write(Context ctx, int status, Object value) {
    ctx.status(status).contentType(JSON).result(bytes(value));
  }

  void writeProblem(Context ctx, Problem problem) {
    ctx.status(problem.status()).contentType(Problem.MEDIA_TYPE).result(bytes(problem));
  }

  private byte[] bytes(Object value) {
    try {
      return mapper.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("response could not be serialized", e);
    }
  }
}
