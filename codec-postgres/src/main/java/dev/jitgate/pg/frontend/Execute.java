package dev.jitgate.pg.frontend;

import java.util.Objects;

/** Execute: {@code 'E', Int32 len, String portal, Int32 maxRows} (0 = no limit). */
public record Execute(String portal, int maxRows) implements FrontendMessage {
  public Execute {
    Objects.requireNonNull(portal, "portal");
  }
}
