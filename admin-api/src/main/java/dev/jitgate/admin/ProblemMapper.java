package dev.jitgate.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.PropertyBindingException;
import dev.jitgate.access.model.InvalidFieldException;
import dev.jitgate.access.service.AccessException;
import dev.jitgate.access.store.StaleRevisionException;
import dev.jitgate.access.store.StoreException;
import dev.jitgate.auditor.store.AuditStoreException;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.router.Endpoint;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.util.List;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where exceptions become RFC 9457 problems: service refusals by their
 * {@link dev.jitgate.access.service.RejectionCode}, invalid fields, unreadable JSON, HTTP-level
 * refusals, store outages (503, the state store's and the audit store's) and everything else (500, logged, never echoed).
 */
final class ProblemMapper {
  private static final Logger LOG = LoggerFactory.getLogger(ProblemMapper.class);
  private static final Pattern FIELD_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_.\\[\\]]{0,100}");

  private final HttpJson json;

  ProblemMapper(HttpJson json) {
    this.json = json;
  }

  /**
   * Installs the exception handler for every exception type, and error handlers that turn the
   * responses Javalin produces itself (unknown route, wrong method, too large) into problems.
   */
  void register(JavalinDefaultRoutingApi routes) {
    routes.exception(Exception.class, this::handle);
    for (int status : new int[] {400, 404, 405, 413, 415, 500, 503}) {
      routes.error(status, this::ensureProblem);
    }
  }

  /** Leaves problem responses alone and replaces any other error body with a problem. */
  private void ensureProblem(Context ctx) {
    String contentType = ctx.res().getContentType();
    if (contentType != null && contentType.startsWith(Problem.MEDIA_TYPE)) {
      return;
    }
    int status = ctx.statusCode();
    Problem problem = switch (status) {
      case 404 -> Problem.of(404, "not-found", "Not found",
          "no such route: " + ctx.method() + " " + safePath(ctx), null);
      case 405 -> {
        String allowed = ctx.res().getHeader("Allow");
        yield Problem.of(405, "method-not-allowed", "Method not allowed",
            ctx.method() + " is not allowed here" + (allowed == null ? "" : "; allowed: " + allowed), null);
      }
      case 413 -> Problem.of(413, "payload-too-large", "Payload too large", "the request body is too large", null);
      case 415 -> ApiProblemException.unsupportedMediaType().problem();
      case 503 -> Problem.of(503, "unavailable", "Service unavailable", "try again later", null);
      default -> status >= 500 ? internal()
          : Problem.of(status, "invalid", "Invalid request", "the request was refused", null);
    };
    json.writeProblem(ctx, problem);
  }

  void handle(Exception e, Context ctx) {
    Problem problem;
    try {
      problem = toProblem(e, ctx);
    } catch (RuntimeException mappingFailure) {
      LOG.error("mapping an exception to a problem failed", mappingFailure);
      problem = internal();
    }
    if (e instanceof ApiProblemException api) {
      api.headers().forEach(ctx::header);
    } else if (problem.status() == 401) {
      ctx.header("WWW-Authenticate", Authenticator.challenge(false));
    }
    json.writeProblem(ctx, problem);
  }

  private Problem toProblem(Exception e, Context ctx) {
    if (e instanceof ApiProblemException api) {
      return api.problem();
    }
    if (e instanceof AccessException access) {
      return fromRejection(access);
    }
    if (e instanceof InvalidFieldException invalid) {
      return invalidField(invalid.field(), invalid.reason());
    }
    if (e instanceof HttpJson.JsonBodyException body) {
      return fromJson(body.getCause());
    }
    if (e instanceof StaleRevisionException stale) {
      return Problem.of(409, "conflict", "Conflict", stale.getMessage() + "; re-read and retry", null);
    }
    if (e instanceof StoreException store) {
      LOG.warn("access store failure on {} {}", ctx.method(), routeOf(ctx), store);
      return Problem.of(503, "unavailable", "Service unavailable",
          "the state store is unavailable; try again later", null);
    }
    if (e instanceof AuditStoreException audit) {
      LOG.warn("audit store failure on {} {}", ctx.method(), routeOf(ctx), audit);
      return Problem.of(503, "unavailable", "Service unavailable",
          "the audit store is unavailable; try again later", null);
    }
    if (e instanceof HttpResponseException http) {
      return fromHttp(http, ctx);
    }
    LOG.error("unhandled exception on {} {}", ctx.method(), routeOf(ctx), e);
    return internal();
  }

  private static Problem internal() {
    return Problem.of(500, "internal", "Internal server error",
        "an unexpected error occurred; it has been logged", null);
  }

  private static Problem fromRejection(AccessException e) {
    return switch (e.code()) {
      case INVALID -> Problem.of(400, "invalid", "Invalid request", e.getMessage(), e.field());
      case UNAUTHENTICATED -> Problem.of(401, "unauthenticated", "Unauthenticated", e.getMessage(), null);
      case FORBIDDEN -> Problem.of(403, "forbidden", "Forbidden", e.getMessage(), e.field());
      case NOT_FOUND -> Problem.of(404, "not-found", "Not found", e.getMessage(), e.field());
      case CONFLICT -> Problem.of(409, "conflict", "Conflict", e.getMessage(), e.field());
    };
  }

  static Problem invalidField(String field, String reason) {
    return Problem.of(400, "invalid", "Invalid request", field + ": " + reason, field);
  }

  /** Jackson's view of the body: syntax errors, unknown fields, wrong types, refused values. */
  private static Problem fromJson(Throwable cause) {
    InvalidFieldException invalid = find(cause, InvalidFieldException.class);
    if (invalid != null) {
      String field = invalid.field();
      if (cause instanceof JsonMappingException mapping) {
        field = qualified(path(mapping), field);
      }
      return invalidField(field, invalid.reason());
    }
    if (cause instanceof PropertyBindingException unknown) {
      String field = join(path(unknown), unknown.getPropertyName());
      return invalidField(field, "is not a known field");
    }
    if (cause instanceof InvalidTypeIdException typeId) {
      String field = join(path(typeId), "kind");
      return invalidField(field, "is missing or not a known kind");
    }
    if (cause instanceof MismatchedInputException mismatch) {
      String field = path(mismatch);
      if (field.isEmpty()) {
        return Problem.of(400, "invalid", "Invalid request",
            "the request body must be a JSON object of the documented shape", null);
      }
      return invalidField(field, "has the wrong type or is missing");
    }
    if (cause instanceof JsonMappingException mapping) {
      // A creator refused the value with something else than InvalidFieldException, e.g. a null
      // required component (NullPointerException with the component's name).
      NullPointerException npe = find(mapping, NullPointerException.class);
      String field = npe != null && npe.getMessage() != null && FIELD_NAME.matcher(npe.getMessage()).matches()
          ? npe.getMessage() : path(mapping);
      return field.isEmpty()
          ? Problem.of(400, "invalid", "Invalid request", "the request body has an invalid value", null)
          : invalidField(field, "is missing or invalid");
    }
    if (cause instanceof StreamReadException || cause instanceof JsonProcessingException) {
      return Problem.of(400, "malformed-json", "Malformed JSON", "the request body is not valid JSON", null);
    }
    return Problem.of(400, "malformed-json", "Malformed JSON", "the request body could not be read", null);
  }

  private static Problem fromHttp(HttpResponseException e, Context ctx) {
    int status = e.getStatus();
    return switch (status) {
      case 404 -> Problem.of(404, "not-found", "Not found", "no such route: " + ctx.method() + " " + safePath(ctx), null);
      case 405 -> {
        Object allowed = e.getDetails().get("availableMethods");
        if (allowed != null) {
          ctx.header("Allow", allowed.toString());
        }
        yield Problem.of(405, "method-not-allowed", "Method not allowed",
            ctx.method() + " is not allowed here" + (allowed == null ? "" : "; allowed: " + allowed), null);
      }
      case 413 -> Problem.of(413, "payload-too-large", "Payload too large", "the request body is too large", null);
      case 415 -> ApiProblemException.unsupportedMediaType().problem();
      default -> Problem.of(status, status >= 500 ? "internal" : "invalid",
          status >= 500 ? "Internal server error" : "Invalid request",
          status >= 500 ? "an unexpected error occurred" : "the request was refused", null);
    };
  }

  /** The path, shortened and stripped of control characters, to echo in a 404. */
  private static String safePath(Context ctx) {
    String path = ctx.path().replaceAll("\\p{Cntrl}", "?");
    return path.length() > 200 ? path.substring(0, 200) + "…" : path;
  }

  static String routeOf(Context ctx) {
    Endpoint endpoint = ctx.endpoints().matchedHttpEndpoint();
    return endpoint == null ? "unmatched" : endpoint.path;
  }

  private static String path(JsonMappingException e) {
    StringBuilder sb = new StringBuilder();
    List<JsonMappingException.Reference> refs = e.getPath();
    for (JsonMappingException.Reference ref : refs) {
      if (ref.getFieldName() != null) {
        if (!sb.isEmpty()) {
          sb.append('.');
        }
        sb.append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        sb.append('[').append(ref.getIndex()).append(']');
      }
    }
    return sb.toString();
  }

  /**
   * The field to report for a value refused inside the body: the refusing record's own field name when
   * it lies under the JSON path (e.g. {@code location.port} under {@code location}), else the JSON path
   * (e.g. {@code permissions[0]} for a permission refused as {@code permission}).
   */
  private static String qualified(String path, String field) {
    if (path.isEmpty()) {
      return field;
    }
    int end = path.length();
    for (int i = 0; i < path.length(); i++) {
      if (path.charAt(i) == '.' || path.charAt(i) == '[') {
        end = i;
        break;
      }
    }
    String root = path.substring(0, end);
    boolean under = field.equals(root) || field.startsWith(root + ".") || field.startsWith(root + "[");
    return under ? field : path;
  }

  private static String join(String path, String name) {
    if (name != null && (path.equals(name) || path.endsWith("." + name))) {
      return path;
    }
    if (path.isEmpty()) {
      return name == null ? "" : name;
    }
    return name == null ? path : path + "." + name;
  }

  private static <T extends Throwable> T find(Throwable t, Class<T> type) {
    for (int depth = 0; t != null && depth < 10; depth++, t = t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
  }
}
