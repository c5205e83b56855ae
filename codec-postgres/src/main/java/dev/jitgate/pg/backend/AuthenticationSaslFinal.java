package dev.jitgate.pg.backend;

import dev.jitgate.pg.Bytes;
import java.util.Objects;

/** AuthenticationSaslFinal: {@code 'R', Int32 len, Int32 12, Byte[len-8] data}. SASL outcome data (SCRAM server-final-message). */
public record AuthenticationSaslFinal(Bytes data) implements Authentication {
  public AuthenticationSaslFinal {
    Objects.requireNonNull(data, "data");
  }

  @Override
  public int code() {
    return 12;
  }
}
