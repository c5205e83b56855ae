package dev.jitgate.pg.backend;

import dev.jitgate.pg.Bytes;
import java.util.Objects;

/** AuthenticationGssContinue: {@code 'R', Int32 len, Int32 8, Byte[len-8] data}. A GSSAPI or SSPI continuation. */
public record AuthenticationGssContinue(Bytes data) implements Authentication {
  public AuthenticationGssContinue {
    Objects.requireNonNull(data, "data");
  }

  @Override
  public int code() {
    return 8;
  }
}
