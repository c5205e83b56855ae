package dev.jitgate.pg.frontend;

import dev.jitgate.pg.Bytes;
import java.util.Objects;

/**
 * SASLInitialResponse: {@code 'p', Int32 len, String mechanism, Int32 n | -1, Byte[n] data}. The data is
 * {@code null} when the client sent length -1. Shares type {@code 'p'} with other responses, so it is
 * decoded only where the server asked for SASL.
 */
public record SaslInitialResponse(String mechanism, Bytes data) implements FrontendMessage {
  public SaslInitialResponse {
    Objects.requireNonNull(mechanism, "mechanism");
  }
}
