package dev.jitgate.pg.backend;

import java.util.Objects;

/** NotificationResponse: {@code 'A', Int32 len, Int32 processId, String channel, String payload}. */
public record NotificationResponse(int processId, String channel, String payload) implements BackendMessage {
  public NotificationResponse {
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(payload, "payload");
  }
}
