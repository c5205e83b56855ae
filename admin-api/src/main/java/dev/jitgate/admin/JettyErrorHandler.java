package dev.jitgate.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Problem+json for the errors Jetty answers itself, before a request reaches Javalin: unparseable or
 * ambiguous URIs (400), oversized headers (431) and the like. Never echoes Jetty's message.
 */
final class JettyErrorHandler extends ErrorHandler {
  private final ObjectMapper writer;

  JettyErrorHandler(ObjectMapper writer) {
    this.writer = writer;
  }

  @Override
  protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
      Callback callback) {
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, Problem.MEDIA_TYPE);
    response.write(true, ByteBuffer.wrap(body(code)), callback);
  }

  private byte[] body(int status) {
    String reason = HttpStatus.getMessage(status);
    Problem problem = status >= 500
        ? Problem.of(status, "internal", reason, "the server could not handle the request", null)
        : Problem.of(status, "invalid", reason, "the request could not be parsed: " + reason.toLowerCase(java.util.Locale.ROOT), null);
    try {
      return writer.writeValueAsBytes(problem);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("problem serialization failed", e);
    }
  }
}
