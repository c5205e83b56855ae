package dev.jitgate.pg.frontend;

import java.util.Objects;

/** CopyFail: {@code 'f', Int32 len, String message}. Aborts COPY FROM STDIN. */
public record CopyFail(String message) implements FrontendMessage {
  public CopyFail {
    Objects.requireNonNull(message, "message");
  }
}
