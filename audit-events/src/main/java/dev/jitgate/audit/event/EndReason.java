package dev.jitgate.audit.event;

import java.util.Optional;

/** Why a session ended. */
public enum EndReason {
  /** The client sent Terminate or closed the socket. */
  CLIENT_CLOSED("client_closed"),
  /** The upstream server closed the connection. */
  SERVER_CLOSED("server_closed"),
  /** The grant ended or was revoked. */
  REVOKED("revoked"),
  /** The session was idle for too long. */
  IDLE_TIMEOUT("idle_timeout"),
  /** The proxy shut down. */
  SHUTDOWN("shutdown"),
  /** A protocol or internal error ended the session. */
  ERROR("error");

  private final String json;

  EndReason(String json) {
    this.json = json;
  }

  /** The JSON value. */
  public String json() {
    return json;
  }

  /** The constant for a JSON value. */
  public static Optional<EndReason> fromJson(String value) {
    for (EndReason c : values()) {
      if (c.json.equals(value)) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }
}
