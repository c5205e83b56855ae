package dev.jitgate.pg.frontend;

import dev.jitgate.pg.Bytes;
import java.util.Objects;

/** GSSResponse: {@code 'p', Int32 len, Byte[len-4] data}. Decoded only during a GSSAPI/SSPI exchange. */
public record GssResponse(Bytes data) implements FrontendMessage {
  public GssResponse {
    Objects.requireNonNull(data, "data");
  }
}
