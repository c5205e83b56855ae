package dev.jitgate.admin;

import dev.jitgate.access.model.InvalidFieldException;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Path parameters in and path segments out. */
final class PathText {
  private PathText() {}

  /** One path segment, percent-encoded (spaces as {@code %20}). */
  static String segment(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** The decoded path parameter {@code name}. */
  static String param(Context ctx, String name) {
    return ctx.pathParam(name);
  }

  /** Checks that a body's key equals the path's: the path names the target, the body its new state. */
  static void requireSame(String field, String inPath, String inBody) {
    if (!inPath.equals(inBody)) {
      throw new InvalidFieldException(field, "must equal the " + field + " in the path");
    }
  }
}
