package dev.jitgate.pg.backend;

import java.util.Objects;

/** NoticeResponse: {@code 'N', Int32 len, (Byte1 code, String value)*, Byte1 0}. */
public record NoticeResponse(ErrorFields fields) implements BackendMessage {
  public NoticeResponse {
    Objects.requireNonNull(fields, "fields");
  }
}
