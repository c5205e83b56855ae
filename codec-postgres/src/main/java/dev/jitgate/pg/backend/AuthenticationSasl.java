package dev.jitgate.pg.backend;

import java.util.List;

/** AuthenticationSASL: {@code 'R', Int32 len, Int32 10, (String mechanism)*, Byte1 0}. */
public record AuthenticationSasl(List<String> mechanisms) implements Authentication {
  public AuthenticationSasl {
    mechanisms = List.copyOf(mechanisms);
  }

  @Override
  public int code() {
    return 10;
  }
}
