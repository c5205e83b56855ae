package dev.jitgate.pg.backend;

import dev.jitgate.pg.Bytes;
import java.util.Objects;

/** AuthenticationSaslContinue: {@code 'R', Int32 len, Int32 11, Byte[len-8] data}. A SASL challenge (SCRAM server-first-message). */
public record AuthenticationSaslContinue(Bytes data) implements Authentication {
  public AuthenticationSaslContinue {
    Objects.requireNonNull(data, "data");
  }

  @Override
  public int code() {
    return 11;
  }
}
