package dev.jitgate.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Optional;

/**
 * Request bodies in, JSON responses out. Bodies are checked for size (413) and media type (415) and
 * parsed with the strict mapper, so unknown fields and wrong types fail with the field named; Jackson's
 * exceptions are turned into problems by {@link ProblemMapper}.
 */
final class HttpJson {
  static final String JSON = "application/json";

  private final ObjectMapper strict;
  private final ObjectMapper writer;
  private final long maxBodyBytes;

  HttpJson(ObjectMapper strict, ObjectMapper writer, long maxBodyBytes) {
    this.strict = strict;
    this.writer = writer;
    this.maxBodyBytes = maxBodyBytes;
  }

  /** The body as {@code type}; 400 when it is missing. */
  <T> T body(Context ctx, Class<T> type) {
    return optionalBody(ctx, type)
        .orElseThrow(() -> ApiProblemException.badRequest("a JSON request body is required"));
  }

  /** The body as {@code type}, or empty when the request has no body. */
  <T> Optional<T> optionalBody(Context ctx, Class<T> type) {
    byte[] bytes = read(ctx);
    if (bytes.length == 0) {
      return Optional.empty();
    }
    if (!isJson(ctx.header("Content-Type"))) {
      throw ApiProblemException.unsupportedMediaType();
    }
    T value;
    try {
      value = strict.readValue(bytes, type);
    } catch (IOException e) {
      // JsonProcessingException subclasses carry the field path; ProblemMapper maps them.
      throw new JsonBodyException(e);
    }
    if (value == null) {
      throw ApiProblemException.badRequest("the request body must be a JSON object, not null");
    }
    return Optional.of(value);
  }

  /** Writes {@code value} as JSON with {@code status}. */
  void write(Context ctx, int status, Object value) {
    ctx.status(status).contentType(JSON).result(bytes(value));
  }

  /** Writes {@code problem} as problem+json. */
  void writeProblem(Context ctx, Problem problem) {
    ctx.status(problem.status()).contentType(Problem.MEDIA_TYPE).result(bytes(problem));
  }

  private byte[] bytes(Object value) {
    try {
      return writer.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("response serialization failed for " + value.getClass().getName(), e);
    }
  }

  private byte[] read(Context ctx) {
    String length = ctx.header("Content-Length");
    if (length != null) {
      try {
        if (Long.parseLong(length.trim()) > maxBodyBytes) {
          throw ApiProblemException.tooLarge(maxBodyBytes);
        }
      } catch (NumberFormatException e) {
        throw ApiProblemException.badRequest("Content-Length is not a number");
      }
    }
    try (InputStream in = ctx.bodyInputStream()) {
      byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBodyBytes + 1));
      if (bytes.length > maxBodyBytes) {
        throw ApiProblemException.tooLarge(maxBodyBytes);
      }
      return bytes;
    } catch (IOException e) {
      throw new UncheckedIOException("reading the request body failed", e);
    }
  }

  /** True for {@code application/json} and {@code application/*+json}, with any parameters. */
  static boolean isJson(String contentType) {
    if (contentType == null) {
      return false;
    }
    int semi = contentType.indexOf(';');
    String mediaType = (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
    return mediaType.equals(JSON) || (mediaType.startsWith("application/") && mediaType.endsWith("+json"));
  }

  /** A request body Jackson could not read; the cause names the problem and usually the field. */
  static final class JsonBodyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    JsonBodyException(IOException cause) {
      super("unreadable JSON body", cause, false, false);
    }
  }
}
