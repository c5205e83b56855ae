package dev.jitgate.pg.frontend;

import dev.jitgate.pg.Bytes;
import java.util.Objects;

/** SASLResponse: {@code 'p', Int32 len, Byte[len-4] data}. Decoded only during a SASL exchange. */
public record SaslResponse(Bytes data) implements FrontendMessage {
  public SaslResponse {
    Objects.requireNonNull(data, "data");
  }
}
